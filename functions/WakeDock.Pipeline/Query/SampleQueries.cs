using WakeDock.Contracts;
using WakeDock.Pipeline.Tiers;

namespace WakeDock.Pipeline.Query;

/// <summary>Newest first (the spec's list), or evenly downsampled per container (charts).</summary>
public enum SampleOrder
{
    NewestFirst,
    Downsampled,
}

/// <summary>
/// Which samples: a container (id or ≥ 12-character prefix), a service and/or a host, within [From, To].
/// <see cref="Limit"/> caps the list (newest first) or is the number of points per container when downsampled;
/// <see cref="Step"/>, when set, fixes the bucket width instead.
/// </summary>
public sealed record SampleQuery
{
    public string? ContainerId { get; init; }

    public string? ServiceName { get; init; }

    public string? Host { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public int Limit { get; init; } = 1000;

    public SampleOrder Order { get; init; } = SampleOrder.NewestFirst;

    public TimeSpan? Step { get; init; }

    /// <summary>What the caller may see at all (an API key's scope); null: everything.</summary>
    public ContainerScope? Scope { get; init; }

    public SampleFilter Filter => new(ContainerId, ServiceName, Host, Scope);
}

/// <summary>
/// The answer: samples in the spec's shape (for downsampled buckets: averages, counters' last values,
/// the bucket start as timestamp), what they were read from (raw, 1m or 1h tier), the bucket width, and
/// for downsampled answers the min/avg/max/last of each bucket.
/// </summary>
public sealed record SampleQueryResult(IReadOnlyList<ContainerSample> Samples, string Resolution, TimeSpan? Step, bool Truncated, IReadOnlyList<RollupPoint>? Points = null);

/// <summary>The samples query of the query core: the hot tier, segments, and the rollup tiers for long windows.</summary>
public sealed class SampleQueries(RawSamples raw, TierStore tiers)
{
    public async Task<SampleQueryResult> QueryAsync(SampleQuery query, CancellationToken cancellationToken = default)
    {
        if (query.To < query.From || query.Limit < 1)
        {
            throw new ArgumentException("The window is empty or the limit below 1.", nameof(query));
        }

        return query.Order == SampleOrder.NewestFirst
            ? await NewestFirstAsync(query, cancellationToken)
            : await DownsampledAsync(query, cancellationToken);
    }

    private async Task<SampleQueryResult> NewestFirstAsync(SampleQuery query, CancellationToken cancellationToken)
    {
        var (samples, truncated) = await raw.ReadNewestAsync(query.Filter, query.From, query.To, query.Limit, cancellationToken);
        return new SampleQueryResult(samples, "raw", null, truncated);
    }

    private async Task<SampleQueryResult> DownsampledAsync(SampleQuery query, CancellationToken cancellationToken)
    {
        var step = query.Step ?? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, (query.To - query.From).Ticks / query.Limit));
        var tier = TierStore.Fitting(step);
        var buckets = new Dictionary<(string Container, long Bucket), RollupAccumulator>();
        var lastBucket = Math.Max(0, (query.To - query.From).Ticks / step.Ticks - ((query.To - query.From).Ticks % step.Ticks == 0 ? 1 : 0));
        var rawFrom = query.From;
        if (tier is not null && tiers.RolledUpTo is { } rolledUpTo && rolledUpTo > query.From)
        {
            var tierTo = rolledUpTo < query.To ? rolledUpTo : query.To;
            var filter = query.Filter;
            foreach (var point in await tiers.For(tier).ReadAsync(e => filter.Matches(e.ContainerId, e.ServiceName, e.Host), query.From, tierTo.AddTicks(-1), cancellationToken))
            {
                if (filter.Matches(point.ContainerId, point.ContainerName, point.ServiceName, point.Host))
                {
                    Bucket(buckets, point.ContainerId, point.Timestamp, query.From, step, lastBucket).Add(point);
                }
            }

            rawFrom = tierTo;
        }

        if (rawFrom <= query.To)
        {
            foreach (var sample in await raw.ReadAsync(query.Filter, rawFrom, query.To, cancellationToken))
            {
                Bucket(buckets, sample.ContainerId, sample.Timestamp, query.From, step, lastBucket).Add(sample);
            }
        }

        var points = buckets.OrderBy(b => b.Key.Container, StringComparer.Ordinal).ThenBy(b => b.Key.Bucket).Select(b => b.Value.ToPoint()).ToList();
        return new SampleQueryResult(points.Select(p => p.ToSample()).ToList(), tier is not null && rawFrom > query.From ? tier.Name : "raw", step, false, points);
    }

    /// <summary>The bucket of <paramref name="at"/>; the window's end belongs to the last bucket, so a window of N steps gives N points.</summary>
    private static RollupAccumulator Bucket(Dictionary<(string, long), RollupAccumulator> buckets, string container, DateTimeOffset at, DateTimeOffset origin, TimeSpan step, long lastBucket)
    {
        var index = Math.Clamp((at - origin).Ticks / step.Ticks, 0, lastBucket);
        if (!buckets.TryGetValue((container, index), out var accumulator))
        {
            buckets[(container, index)] = accumulator = new RollupAccumulator(origin + TimeSpan.FromTicks(index * step.Ticks), step);
        }

        return accumulator;
    }
}
