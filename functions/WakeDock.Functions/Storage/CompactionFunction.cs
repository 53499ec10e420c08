using WakeDock.Functions.Hosting;
using WakeDock.Functions.Ingest;
using WakeDock.Functions.Telemetry;
using WakeDock.Functions.Triggers;

namespace WakeDock.Functions.Storage;

/// <summary>
/// Seals the open segments of days that are over, compacts every closed raw segment (see
/// <see cref="SegmentCompactor"/>), saves the dedupe ledger, and takes the storage census for the metrics.
/// </summary>
public sealed class CompactionFunction(GroupCommitWriter writer, SegmentCompactor compactor, LedgerCheckpoint checkpoint, IBlobStore store, PipelineMetrics metrics, TimeProvider time, ILogger<CompactionFunction> logger) : ITimerFunction
{
    public string Name => TriggerTable.Compaction;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var open = await writer.RunExclusiveAsync(async (metricsLog, alertsLog) =>
        {
            await metricsLog.SealAsync(today);
            await alertsLog.SealAsync(today);
            return metricsLog.OpenFiles.Concat(alertsLog.OpenFiles).ToHashSet(StringComparer.Ordinal);
        });

        await checkpoint.SaveAsync(cancellationToken);
        var census = new Dictionary<(string Kind, string State), (long Files, long Bytes)>();
        foreach (var kind in new[] { SegmentName.Metrics, SegmentName.Alerts })
        {
            await foreach (var blob in store.ListAsync(kind + "_", cancellationToken))
            {
                if (SegmentName.TryParse(blob.Name) is not { } name)
                {
                    continue;
                }

                if (!name.Compressed && !open.Contains(blob.Name))
                {
                    var (raw, compressed, lines) = await compactor.CompactAsync(name, cancellationToken);
                    logger.Compacted(blob.Name, lines, raw, compressed);
                    if (lines > 0)
                    {
                        Add(census, (kind, "closed"), compressed);
                    }

                    continue;
                }

                Add(census, (kind, name.Compressed ? "closed" : "open"), blob.Length);
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
