using System.Collections.Concurrent;
using System.Globalization;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Tiers;

/// <summary>A rollup tier: its step and how long it is kept.</summary>
public sealed record Tier(string Name, TimeSpan Step)
{
    public static Tier Minute { get; } = new("1m", TimeSpan.FromMinutes(1));

    /// <summary>Between the two the issue asks for: a 7-day chart of 500 points (20-minute buckets) reads 15 times fewer lines than from the minute tier.</summary>
    public static Tier Quarter { get; } = new("15m", TimeSpan.FromMinutes(15));

    public static Tier Hour { get; } = new("1h", TimeSpan.FromHours(1));

    public string FileName(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"rollups/metrics_{Name}_{day:yyyy-MM-dd}.jsonl.gz");

    public DateOnly? DayOf(string fileName)
    {
        var prefix = $"rollups/metrics_{Name}_";
        return fileName.StartsWith(prefix, StringComparison.Ordinal) && fileName.EndsWith(".jsonl.gz", StringComparison.Ordinal)
            && DateOnly.TryParseExact(fileName[prefix.Length..^".jsonl.gz".Length], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;
    }
}

/// <summary>
/// The files of one tier, one per day: each rollup run appends a chunk (a gzip member per container) to
/// the day's <c>.jsonl.gz</c> and the chunk's entries to its index, so the file stays readable with
/// <c>zcat</c> while it grows and a query reads only the members of its container.
/// </summary>
public sealed class TierLog(IBlobStore store, Tier tier)
{
    private readonly ConcurrentDictionary<string, (long Length, List<SegmentIndexEntry> Entries)> _indexes = new(StringComparer.Ordinal);

    public Tier Tier => tier;

    public async Task AppendAsync(DateOnly day, IReadOnlyList<RollupPoint> points, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return;
        }

        var lines = points.Select(p => new ChunkLine(p.ContainerId, p.ServiceName, p.Host, p.Timestamp, LineEncoder.Line(p, TierJsonContext.Relaxed.RollupPoint).AsMemory(..^1)));
        var (content, index) = ContainerChunk.Build(lines);
        var offset = await store.AppendAsync(tier.FileName(day), content, cancellationToken);
        var shifted = index.Select(e => e with { Offset = e.Offset + offset });
        await store.AppendAsync(SegmentName.IndexOf(tier.FileName(day)), SegmentCompactor.IndexLines(shifted), cancellationToken);
    }

    /// <summary>The points of the matching containers within [from, to]; the days are read in parallel.</summary>
    public async Task<List<RollupPoint>> ReadAsync(Func<SegmentIndexEntry, bool> entry, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var days = new List<DateOnly>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime(to.UtcDateTime); day = day.AddDays(1))
        {
            days.Add(day);
        }

        var perDay = await Task.WhenAll(days.Select(day => Task.Run(() => ReadDayAsync(tier.FileName(day), entry, from, to, cancellationToken), cancellationToken)));
        return perDay.SelectMany(p => p).ToList();
    }

    private async Task<List<RollupPoint>> ReadDayAsync(string file, Func<SegmentIndexEntry, bool> entry, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var points = new List<RollupPoint>();
        foreach (var e in (await IndexAsync(file, cancellationToken)).Where(e => e.Overlaps(from, to) && entry(e)))
        {
            var compressed = await store.ReadAsync(file, e.Offset, e.Length, cancellationToken);
            if (compressed is { Length: > 0 })
            {
                points.AddRange(RollupPointReader.Read(JsonlReader.Gunzip(compressed), from, to));
            }
        }

        return points;
    }

    public void Forget(string fileName) => _indexes.TryRemove(fileName, out _);

    /// <summary>The index grows by appends only: read what is new since last time.</summary>
    private async Task<List<SegmentIndexEntry>> IndexAsync(string file, CancellationToken cancellationToken)
    {
        var (known, entries) = _indexes.GetValueOrDefault(file, (0L, []));
        var tail = await store.ReadAsync(SegmentName.IndexOf(file), known, cancellationToken: cancellationToken);
        if (tail is null)
        {
            _indexes.TryRemove(file, out _);
            return [];
        }

        var complete = JsonlReader.CompleteLength(tail);
        if (complete == 0)
        {
            return entries;
        }

        var grown = new List<SegmentIndexEntry>(entries);
        grown.AddRange(JsonlReader.Read(tail.AsMemory(0, (int)complete), StorageJsonContext.Default.SegmentIndexEntry));
        _indexes[file] = (known + complete, grown);
        return grown;
    }
}
