using System.Globalization;
using System.Text.RegularExpressions;

namespace WakeDock.Pipeline.Storage;

/// <summary>
/// A segment of a day file: <c>metrics_2025-01-16.000.jsonl</c> while open, <c>….jsonl.gz</c> once closed;
/// <c>alerts_…</c> likewise. With a writer id (several hosts sharing an account) it sits before the number.
/// </summary>
public sealed partial record SegmentName(string Kind, DateOnly Day, string? Writer, int Number, bool Compressed)
{
    public const string Metrics = "metrics";
    public const string Alerts = "alerts";

    /// <summary>The host metrics an instance ingested, kept raw for a day so that other instances follow them (scale-out only).</summary>
    public const string Hosts = "hosts";

    public string FileName => string.Create(CultureInfo.InvariantCulture,
        $"{Kind}_{Day:yyyy-MM-dd}.{(Writer is null ? "" : Writer + ".")}{Number:000}.jsonl{(Compressed ? ".gz" : "")}");

    /// <summary>Where the index of a closed segment lives.</summary>
    public string IndexName => IndexOf(FileName);

    public SegmentName AsCompressed => this with { Compressed = true };

    public SegmentName AsRaw => this with { Compressed = false };

    public static string IndexOf(string fileName) => $"index/{fileName}.idx";

    public static SegmentName? TryParse(string name)
    {
        var match = Pattern().Match(name);
        if (!match.Success || !DateOnly.TryParseExact(match.Groups["day"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return null;
        }

        return new SegmentName(match.Groups["kind"].Value, day, match.Groups["writer"].Success ? match.Groups["writer"].Value : null,
            int.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture), match.Groups["gz"].Success);
    }

    [GeneratedRegex(@"^(?<kind>metrics|alerts|hosts)_(?<day>\d{4}-\d{2}-\d{2})\.(?:(?<writer>[a-z0-9-]+)\.)?(?<number>\d{3,})\.jsonl(?<gz>\.gz)?$")]
    private static partial Regex Pattern();
}
