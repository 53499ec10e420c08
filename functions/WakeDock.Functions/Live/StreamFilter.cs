using WakeDock.Contracts;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Live;

/// <summary>The three streams of the spec's WebSocket API.</summary>
public enum StreamType
{
    Metrics,
    Alerts,
    SystemStatus,
}

/// <summary>
/// What a client wants to see. Each list given must match (container ids and service names: a sample of one of those
/// containers that is also of one of those services); an empty list does not filter. A container id matches the full
/// id, a prefix of 12 characters or more, or the container's name. Alert levels only filter alerts.
/// </summary>
public sealed record StreamFilter(
    IReadOnlyList<string> ContainerIds,
    IReadOnlyList<string> ServiceNames,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<AlertLevel> AlertLevels)
{
    public static StreamFilter All { get; } = new([], [], [], []);

    /// <summary>What the client's key may see at all; set by the server, never by the client.</summary>
    public ContainerScope? Scope { get; init; }

    public bool IsEmpty => ContainerIds.Count == 0 && ServiceNames.Count == 0 && Hosts.Count == 0 && AlertLevels.Count == 0 && Scope is null;

    public bool Matches(ContainerSample sample)
        => MatchesContainer(sample.ContainerId, sample.ContainerName) && In(ServiceNames, sample.ServiceName) && In(Hosts, sample.Host)
           && (Scope is null || Scope.Allows(sample.ContainerName, sample.ServiceName, sample.Host));

    public bool Matches(Alert alert)
        => MatchesContainer(alert.ContainerId, alert.ContainerName) && In(ServiceNames, alert.ServiceName) && In(Hosts, alert.Host)
           && (AlertLevels.Count == 0 || AlertLevels.Contains(alert.Level))
           && (Scope is null || Scope.Allows(alert.ContainerName, alert.ServiceName, alert.Host));

    private bool MatchesContainer(string id, string? name)
    {
        if (ContainerIds.Count == 0)
        {
            return true;
        }

        foreach (var wanted in ContainerIds)
        {
            if (string.Equals(wanted, id, StringComparison.Ordinal)
                || (wanted.Length >= 12 && id.StartsWith(wanted, StringComparison.Ordinal))
                || string.Equals(wanted, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool In(IReadOnlyList<string> wanted, string? value)
        => wanted.Count == 0 || (value is not null && wanted.Contains(value, StringComparer.Ordinal));
}

/// <summary>A client's subscriptions: at most one filter per stream; replaced by a new subscribe to the same stream.</summary>
public sealed class StreamSubscriptions
{
    private volatile StreamFilter?[] _filters = new StreamFilter?[3];

    /// <summary>The scope of the key the client connected with: every filter it sets is narrowed to it.</summary>
    public ContainerScope? Scope { get; set; }

    public StreamFilter? For(StreamType stream) => _filters[(int)stream];

    public void Set(StreamType stream, StreamFilter? filter)
    {
        var copy = (StreamFilter?[])_filters.Clone();
        copy[(int)stream] = filter is null ? null : filter with { Scope = Scope };
        _filters = copy;
    }
}
