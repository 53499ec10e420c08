using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Query;

/// <summary>
/// Which alert records: a window, and optionally a level, container, service, host, state or metric. A level selects
/// raised records only (fired and escalated): a resolution is its own record and never matches a level, whatever
/// level its episode had. <see cref="State"/> null means both states.
/// </summary>
public sealed record AlertQuery
{
    public AlertLevel? Level { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public int Limit { get; init; } = 1000;

    public string? ContainerId { get; init; }

    public string? ServiceName { get; init; }

    public string? Host { get; init; }

    public AlertState? State { get; init; }

    public MetricType? MetricType { get; init; }

    /// <summary>What the caller may see at all (an API key's scope); null: everything.</summary>
    public ContainerScope? Scope { get; init; }

    /// <summary>One record per container and metric: the newest matching record, with how many episodes and their first/last times.</summary>
    public bool Grouped { get; init; }
}

/// <summary>Alert records, newest first, from the alert day files.</summary>
public sealed class AlertQueries(SegmentArchive archive)
{
    public async Task<IReadOnlyList<Alert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        var filter = new SampleFilter(query.ContainerId, query.ServiceName, query.Host, query.Scope);
        var alerts = new List<Alert>();
        foreach (var (segment, _) in await archive.ListAsync(SegmentName.Alerts, DateOnly.FromDateTime(query.From.UtcDateTime), DateOnly.FromDateTime(query.To.UtcDateTime), cancellationToken))
        {
            alerts.AddRange(await archive.ReadAsync(segment, WakeDockJson.Context.Alert,
                e => e.Overlaps(query.From, query.To),
                a => a.Timestamp >= query.From && a.Timestamp <= query.To
                    && (query.Level is null || a.State == AlertState.Firing && a.Level == query.Level)
                    && (query.State is null || a.State == query.State)
                    && (query.MetricType is null || a.MetricType == query.MetricType)
                    && (query.ContainerId is null && query.ServiceName is null && query.Host is null && query.Scope is null || filter.Matches(a.ContainerId, a.ContainerName, a.ServiceName, a.Host)),
                cancellationToken));
        }

        var newestFirst = alerts.OrderByDescending(a => a.Timestamp);
        return (query.Grouped ? Group(newestFirst) : newestFirst).Take(query.Limit).ToList();
    }

    private static IEnumerable<Alert> Group(IEnumerable<Alert> newestFirst)
        => newestFirst
            .GroupBy(a => (a.ContainerId, a.Host, a.MetricType))
            .Select(g => g.First() with
            {
                Occurrences = g.Select(a => a.Id ?? a.Timestamp.ToString("O")).Distinct(StringComparer.Ordinal).Count(),
                FirstTimestamp = g.Min(a => a.Timestamp),
                LastTimestamp = g.Max(a => a.Timestamp),
            })
            .OrderByDescending(a => a.Timestamp);
}
