using System.Buffers;

namespace WakeDock.Pipeline.Storage;

/// <summary>One line to be grouped by container into a compressed chunk.</summary>
public readonly record struct ChunkLine(string ContainerId, string? ServiceName, string? Host, DateTimeOffset Timestamp, ReadOnlyMemory<byte> Json);

/// <summary>
/// Builds compressed chunks: the lines of each container, in time order, as one gzip member, so that a
/// reader fetches one container's range alone while <c>zcat</c> still reads the whole file; and the index
/// entries that say where each member is.
/// </summary>
public static class ContainerChunk
{
    public static (byte[] Content, List<SegmentIndexEntry> Index) Build(IEnumerable<ChunkLine> lines, long baseOffset = 0)
    {
        var index = new List<SegmentIndexEntry>();
        using var content = new MemoryStream();
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        foreach (var group in lines.GroupBy(l => l.ContainerId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            buffer.ResetWrittenCount();
            var ordered = group.OrderBy(l => l.Timestamp).ToList();
            foreach (var line in ordered)
            {
                buffer.Write(line.Json.Span);
                buffer.Write("\n"u8);
            }

            var member = JsonlReader.Gzip(buffer.WrittenSpan);
            index.Add(new SegmentIndexEntry
            {
                ContainerId = group.Key,
                ServiceName = ordered[^1].ServiceName,
                Host = ordered[^1].Host,
                Offset = baseOffset + content.Length,
                Length = member.Length,
                Count = ordered.Count,
                First = ordered[0].Timestamp,
                Last = ordered[^1].Timestamp,
            });
            content.Write(member);
        }

        return (content.ToArray(), index);
    }
}
