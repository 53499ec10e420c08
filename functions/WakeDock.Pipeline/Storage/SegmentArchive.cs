using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;

namespace WakeDock.Pipeline.Storage;

/// <summary>
/// Reads segments back: a closed (<c>.jsonl.gz</c>) segment through its index, fetching only the members
/// of the containers asked for; an open or not yet compacted (<c>.jsonl</c>) one whole, torn tail skipped.
/// </summary>
public sealed class SegmentArchive(IBlobStore store)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<SegmentIndexEntry>> _indexes = new(StringComparer.Ordinal);

    /// <summary>The segments of <paramref name="kind"/> for the days [<paramref name="from"/>, <paramref name="to"/>]; a day compacted and raw at once (a crash mid-compaction) counts as compacted.</summary>
    public async Task<List<(SegmentName Name, long Length)>> ListAsync(string kind, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var all = new List<(SegmentName Name, long Length)>();
        await foreach (var blob in store.ListAsync(kind + "_", cancellationToken))
        {
            if (SegmentName.TryParse(blob.Name) is { } name && name.Kind == kind && name.Day >= from && name.Day <= to)
            {
                all.Add((name, blob.Length));
            }
        }

        var compressed = all.Where(s => s.Name.Compressed).Select(s => s.Name.AsRaw).ToHashSet();
        return all.Where(s => s.Name.Compressed || !compressed.Contains(s.Name))
            .OrderBy(s => s.Name.Day).ThenBy(s => s.Name.Writer, StringComparer.Ordinal).ThenBy(s => s.Name.Number).ToList();
    }

    public async Task<IReadOnlyList<SegmentIndexEntry>> IndexAsync(string fileName, CancellationToken cancellationToken)
    {
        if (_indexes.TryGetValue(fileName, out var cached))
        {
            return cached;
        }

        var bytes = await store.ReadAsync(SegmentName.IndexOf(fileName), cancellationToken: cancellationToken);
        if (bytes is null)
        {
            return [];
        }

        var index = JsonlReader.Read(bytes, StorageJsonContext.Default.SegmentIndexEntry);
        _indexes[fileName] = index;
        return index;
    }

    public void Forget(string fileName) => _indexes.TryRemove(fileName, out _);

    /// <summary>The records of one segment that pass <paramref name="keep"/>; for a closed one only the members <paramref name="entry"/> accepts are read.</summary>
    public async Task<List<T>> ReadAsync<T>(SegmentName segment, JsonTypeInfo<T> typeInfo, Func<SegmentIndexEntry, bool> entry, Func<T, bool> keep, CancellationToken cancellationToken, (DateTimeOffset From, DateTimeOffset To)? window = null)
    {
        if (!segment.Compressed)
        {
            var raw = await store.ReadAsync(segment.FileName, cancellationToken: cancellationToken);
            if (raw is not null)
            {
                return JsonlReader.Read(raw, typeInfo, keep, window);
            }

            segment = segment.AsCompressed; // compacted since it was listed
        }

        var values = new List<T>();
        foreach (var range in Merge((await IndexAsync(segment.FileName, cancellationToken)).Where(entry)))
        {
            // one member at a time, so that the inflated text of a whole segment is never held at once
            var compressed = await store.ReadAsync(segment.FileName, range.Offset, range.Length, cancellationToken);
            if (compressed is { Length: > 0 })
            {
                values.AddRange(JsonlReader.Read(JsonlReader.Gunzip(compressed), typeInfo, keep, window));
            }
        }

        return values;
    }

    /// <summary>Adjacent members are fetched in one read, up to 256 KiB of compressed data (a few MB inflated).</summary>
    private static IEnumerable<(long Offset, long Length)> Merge(IEnumerable<SegmentIndexEntry> entries)
    {
        (long Offset, long Length)? current = null;
        foreach (var e in entries.OrderBy(e => e.Offset))
        {
            if (current is { } c && c.Offset + c.Length == e.Offset && c.Length + e.Length <= 1 << 18)
            {
                current = (c.Offset, c.Length + e.Length);
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = (e.Offset, e.Length);
        }

        if (current is { } last)
        {
            yield return last;
        }
    }
}
