using System.Runtime.CompilerServices;
using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Query;

/// <summary>
/// Raw samples for a filter and a window: the hot tier for what it covers, the segments for the rest
/// (closed segments through their per-container index, raw ones scanned).
/// </summary>
public sealed class RawSamples(RecentSamples recent, SegmentArchive archive)
{
    public async Task<List<ContainerSample>> ReadAsync(SampleFilter filter, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var floor = recent.Floor;
        if (from >= floor)
        {
            return recent.Read(filter, from, to);
        }

        var cold = await ReadStoredAsync(filter, from, to < floor ? to : floor.AddTicks(-1), cancellationToken);
        if (to >= floor)
        {
            cold.AddRange(recent.Read(filter, floor, to));
        }

        return cold;
    }

    /// <summary>
    /// The <paramref name="limit"/> newest samples within [from, to], newest first: the hot tier, then the day
    /// files from the newest day back, stopping once a whole day has made the count (a day file holds only
    /// samples stamped that day, so older days cannot hold newer samples).
    /// </summary>
    public async Task<(List<ContainerSample> Samples, bool Truncated)> ReadNewestAsync(SampleFilter filter, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var floor = recent.Floor;
        var newest = recent.ReadNewest(filter, from >= floor ? from : floor, to, limit + 1);
        if (newest.Count > limit || from >= floor)
        {
            return Cut(newest, limit);
        }

        var coldTo = to < floor ? to : floor.AddTicks(-1);
        for (var day = DateOnly.FromDateTime(coldTo.UtcDateTime); day >= DateOnly.FromDateTime(from.UtcDateTime) && newest.Count <= limit; day = day.AddDays(-1))
        {
            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var older = await ReadStoredAsync(filter, from > dayStart ? from : dayStart, coldTo < dayStart.AddDays(1) ? coldTo : dayStart.AddDays(1).AddTicks(-1), cancellationToken);
            older.Sort((a, b) => b.Timestamp.CompareTo(a.Timestamp));
            newest.AddRange(older);
        }

        return Cut(newest, limit);
    }

    private static (List<ContainerSample>, bool) Cut(List<ContainerSample> samples, int limit)
    {
        var truncated = samples.Count > limit;
        if (truncated)
        {
            samples.RemoveRange(limit, samples.Count - limit);
        }

        return (samples, truncated);
    }

    /// <summary>Storage only, ignoring the hot tier.</summary>
    public async Task<List<ContainerSample>> ReadStoredAsync(SampleFilter filter, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var samples = new List<ContainerSample>();
        await ForEachStoredAsync(filter, from, to, samples.AddRange, cancellationToken);
        return samples;
    }

    /// <summary>Storage only, segment by segment, so that a caller loading much (the hot tier at start-up) never holds it all twice.</summary>
    public async Task ForEachStoredAsync(SampleFilter filter, DateTimeOffset from, DateTimeOffset to, Action<List<ContainerSample>> sink, CancellationToken cancellationToken)
    {
        await foreach (var chunk in StoredChunksAsync(filter, from, to, cancellationToken))
        {
            sink(chunk);
        }
    }

    /// <summary>Storage only, one list per segment (closed segments read through their per-container index).</summary>
    public async IAsyncEnumerable<List<ContainerSample>> StoredChunksAsync(SampleFilter filter, DateTimeOffset from, DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var segments = await archive.ListAsync(SegmentName.Metrics, DateOnly.FromDateTime(from.UtcDateTime), DateOnly.FromDateTime(to.UtcDateTime), cancellationToken);
        foreach (var (segment, _) in segments)
        {
            yield return await archive.ReadAsync(segment, WakeDockJson.Context.ContainerSample,
                e => e.Overlaps(from, to) && filter.Matches(e.ContainerId, e.ServiceName, e.Host),
                s => s.Timestamp >= from && s.Timestamp <= to && filter.Matches(s.ContainerId, s.ContainerName, s.ServiceName, s.Host),
                cancellationToken,
                (from, to));
        }
    }
}
