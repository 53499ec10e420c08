using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Query;

/// <summary>Which alert records: a level, a window, and optionally a container, service, host, state or metric.</summary>
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
}

/// <summary>Alert records, newest first, from the alert day files.</summary>
public sealed class AlertQueries(SegmentArchive archive)
{
    public async Task<IReadOnlyList<Alert>> QueryAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        var filter = new SampleFilter(query.ContainerId, query.ServiceName, query.Host);
        var alerts = new List<Alert>();
        foreach (var (segment, _) in await archive.ListAsync(SegmentName.Alerts, DateOnly.FromDateTime(query.From.UtcDateTime), DateOnly.FromDateTime(query.To.UtcDateTime), cancellationToken))
        {
            alerts.AddRange(await archive.ReadAsync(segment, WakeDockJson.Context.Alert,
                e => e.Overlaps(query.From, query.To),
                a => a.Timestamp >= query.From && a.Timestamp <= query.To
                    && (query.Level is null || a.Level == query.Level)
                    && (query.State is null || a.State == query.State)
                    && (query.MetricType is null || a.MetricType == query.MetricType)
                    && (query.ContainerId is null && query.ServiceName is null && query.Host is null || filter.Matches(a.ContainerId, a.ServiceName, a.Host)),
                cancellationToken));
        }

        return alerts.OrderByDescending(a => a.Timestamp).Take(query.Limit).ToList();
    }
}
