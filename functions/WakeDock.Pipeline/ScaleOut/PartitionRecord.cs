using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>
/// A Docker host's partition in storage (<c>state/partitions/&lt;host&gt;.json</c>): who ingests it, the sequence ranges
/// stored, the ranges of the batch being stored when it was written, and the host's alert episodes. Every write is
/// conditional on the version its writer read, so two instances can never both commit a batch of one host.
/// </summary>
public sealed record PartitionRecord
{
    public required string Host { get; init; }

    public required string Owner { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public List<long[]> Stored { get; init; } = [];

    /// <summary>Claimed by a batch about to be stored: after a crash, found in the segments or not.</summary>
    public List<long[]> Pending { get; init; } = [];

    public HostEpisodes Episodes { get; init; } = HostEpisodes.None;

    /// <summary>Handed back cleanly: <see cref="Stored"/> and <see cref="Episodes"/> are exact (no crash to recover from).</summary>
    public bool Released { get; init; }

    public static string BlobName(string host) => $"state/partitions/{Escape(host)}.json";

    public static string LeaseName(string host) => $"leases/hosts/{Escape(host)}";

    /// <summary>Host names become one path segment: anything but letters, digits, '.', '-' and '_' is %-escaped.</summary>
    public static string Escape(string host)
    {
        var escaped = new System.Text.StringBuilder(host.Length);
        foreach (var c in host)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            {
                escaped.Append(c);
            }
            else
            {
                foreach (var b in System.Text.Encoding.UTF8.GetBytes(c.ToString()))
                {
                    escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return escaped.ToString();
    }
}
