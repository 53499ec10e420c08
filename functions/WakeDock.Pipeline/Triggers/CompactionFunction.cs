using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Triggers;

/// <summary>
/// Seals the open segments of days that are over, compacts every closed raw segment (see
/// <see cref="SegmentCompactor"/>) — its own and, with several instances, the other writers' closed ones — saves the dedupe
/// ledger, and takes the storage census for the metrics.
/// </summary>
public sealed class CompactionFunction(GroupCommitWriter writer, SegmentCompactor compactor, LedgerCheckpoint checkpoint, ISegmentPeers peers, IBlobStore store, PipelineMetrics metrics, TimeProvider time, ILogger<CompactionFunction> logger) : ITimerFunction
{
    public string Name => TriggerTable.Compaction;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var closed = await writer.RunExclusiveAsync(async (metricsLog, alertsLog) =>
        {
            await metricsLog.SealAsync(today);
            await alertsLog.SealAsync(today);
            return metricsLog.TakeClosed().Select(s => (Log: metricsLog, Segment: s)).Concat(alertsLog.TakeClosed().Select(s => (Log: alertsLog, Segment: s))).ToList();
        });

        var foreign = await peers.ClosedAsync(cancellationToken);
        await checkpoint.SaveAsync(cancellationToken);
        foreach (var segment in foreign)
        {
            var (raw, compressed, lines) = await compactor.CompactAsync(segment, cancellationToken);
            logger.Compacted(segment.FileName, lines, raw, compressed);
        }

        for (var i = 0; i < closed.Count; i++)
        {
            var (log, segment) = closed[i];
            try
            {
                var (raw, compressed, lines) = await compactor.CompactAsync(segment, cancellationToken);
                logger.Compacted(segment.FileName, lines, raw, compressed);
            }
            catch
            {
                var left = closed.Skip(i).ToList();
                await writer.RunExclusiveAsync(async (_, _) =>
                {
                    foreach (var (l, s) in left)
                    {
                        l.ReturnClosed(s);
                    }

                    return await Task.FromResult(0);
                });
                throw;
            }
        }

        var census = new Dictionary<(string Kind, string State), (long Files, long Bytes)>();
        foreach (var kind in new[] { SegmentName.Metrics, SegmentName.Alerts })
        {
            await foreach (var blob in store.ListAsync(kind + "_", cancellationToken))
            {
                if (SegmentName.TryParse(blob.Name) is { } name)
                {
                    Add(census, (kind, name.Compressed ? "closed" : "open"), blob.Length);
                }
            }
        }

        metrics.StorageSnapshot = census;
    }

    private static void Add(Dictionary<(string, string), (long Files, long Bytes)> census, (string, string) key, long bytes)
    {
        var (files, total) = census.GetValueOrDefault(key);
        census[key] = (files + 1, total + bytes);
    }
}
