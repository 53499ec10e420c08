using WakeDock.Contracts;

namespace WakeDock.Pipeline.Storage;

/// <summary>
/// Turns a closed raw segment into its compressed form: the lines regrouped by container and in time
/// order (one gzip member each, so a query reads one container alone and similar lines compress
/// together), an index of the members, then the raw segment deleted. Torn and corrupt lines are left
/// behind. Re-running it on the same raw segment gives the same result, so a crash midway is harmless.
/// </summary>
public sealed class SegmentCompactor(IBlobStore store, SegmentArchive archive)
{
    /// <summary>Called before a raw segment is deleted, so that state derived from it (the dedupe ledger) is saved first.</summary>
    public Func<CancellationToken, Task> BeforeRawDelete { get; set; } = _ => Task.CompletedTask;

    public async Task<(long RawBytes, long CompressedBytes, int Lines)> CompactAsync(SegmentName raw, CancellationToken cancellationToken)
    {
        var bytes = await store.ReadAsync(raw.FileName, cancellationToken: cancellationToken);
        if (bytes is null)
        {
            return (0, 0, 0);
        }

        var lines = new List<ChunkLine>();
        foreach (var line in JsonlReader.CompleteLines(bytes))
        {
            if (raw.Kind == SegmentName.Metrics)
            {
                if (JsonlReader.TryParse(line.Span, WakeDockJson.Context.ContainerSample) is { } sample)
                {
                    lines.Add(new ChunkLine(sample.ContainerId, sample.ServiceName, sample.Host, sample.Timestamp, line));
                }
            }
            else if (JsonlReader.TryParse(line.Span, WakeDockJson.Context.Alert) is { } alert)
            {
                lines.Add(new ChunkLine(alert.ContainerId, alert.ServiceName, alert.Host, alert.Timestamp, line));
            }
        }

        var compressed = raw.AsCompressed;
        var (content, index) = ContainerChunk.Build(lines);
        if (lines.Count > 0)
        {
            await store.WriteAsync(SegmentName.IndexOf(compressed.FileName), IndexLines(index), cancellationToken);
            await store.WriteAsync(compressed.FileName, content, cancellationToken);
            archive.Forget(compressed.FileName);
        }

        await BeforeRawDelete(cancellationToken);
        await store.DeleteAsync(raw.FileName, cancellationToken);
        return (bytes.Length, content.Length, lines.Count);
    }

    public static byte[] IndexLines(IEnumerable<SegmentIndexEntry> index)
        => index.SelectMany(e => LineEncoder.Line(e, StorageJsonContext.Default.SegmentIndexEntry)).ToArray();
}
