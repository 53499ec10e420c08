using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Pipeline.Tiers;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Pipeline.Hosting;

/// <summary>
/// Brings the pipeline back before the host serves anything: thresholds, tier watermark and timer log
/// loaded; leftover raw segments repaired (torn last line cut) and closed; the dedupe ledger rebuilt;
/// the hot tier refilled; firing episodes and known hosts restored. Then a first compaction, off the path.
/// </summary>
public sealed class PipelineStartup(
    IBlobStore store,
    SegmentLogs logs,
    ThresholdStore thresholds,
    TierStore tiers,
    TimerRunLog timerLog,
    LedgerCheckpoint checkpoint,
    RawSamples raw,
    RecentSamples recent,
    SegmentArchive archive,
    ThresholdEvaluator evaluator,
    TimerRunner runner,
    TimeProvider time,
    IOptions<WakeDockOptions> options,
    StoragePathDefault storagePath,
    IHostApplicationLifetime lifetime,
    ILogger<PipelineStartup> logger) : IHostedService
{
    private Task _firstCompaction = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.StorageAt(store.Location, storagePath.Choice?.Reason ?? "blob storage");
        await thresholds.LoadAsync(cancellationToken);
        await tiers.LoadAsync(cancellationToken);
        await timerLog.LoadAsync(cancellationToken);

        var rawMetrics = new List<SegmentName>();
        foreach (var kind in new[] { SegmentName.Metrics, SegmentName.Alerts })
        {
            await foreach (var blob in store.ListAsync(kind + "_", cancellationToken))
            {
                if (SegmentName.TryParse(blob.Name) is not { } name)
                {
                    continue;
                }

                (kind == SegmentName.Metrics ? logs.Metrics : logs.Alerts).Learn(name);
                if (!name.Compressed)
                {
                    // another live instance may be appending to its own segments: only ours are ours to cut
                    if (!options.Value.ScaleOut.Enabled || name.Writer == options.Value.Storage.WriterId)
                    {
                        await RepairAsync(blob, cancellationToken);
                    }

                    if (kind == SegmentName.Metrics)
                    {
                        rawMetrics.Add(name);
                    }
                }
            }
        }

        await checkpoint.RestoreAsync(rawMetrics, cancellationToken);

        var now = time.GetUtcNow();
        await raw.ForEachStoredAsync(SampleFilter.All, recent.Floor, now + TimeSpan.FromMinutes(5), recent.Add, cancellationToken);
        foreach (var latest in recent.Latest(SampleFilter.All).GroupBy(s => s.Host ?? ""))
        {
            evaluator.TrackHost(latest.Key, latest.Max(s => s.Timestamp), options.Value.Collection.IntervalSeconds);
        }

        var alertsFrom = now.AddDays(-options.Value.Retention.AlertsDays);
        var alerts = new List<Alert>();
        foreach (var (segment, _) in await archive.ListAsync(SegmentName.Alerts, DateOnly.FromDateTime(alertsFrom.UtcDateTime), DateOnly.FromDateTime(now.UtcDateTime), cancellationToken))
        {
            alerts.AddRange(await archive.ReadAsync(segment, WakeDockJson.Context.Alert, _ => true, _ => true, cancellationToken));
        }

        evaluator.Restore(alerts);

        // Loading parsed far more than it kept: give that memory back before serving.
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.Ready(recent.ContainerCount, evaluator.OpenEpisodes, rawMetrics.Count);
        var stopping = lifetime.ApplicationStopping;
        _firstCompaction = Task.Run(() => runner.RunAsync(TriggerTable.Compaction, "start-up", stopping), CancellationToken.None);
    }

    /// <summary>Waits for the first compaction (stopped by the host's stopping token), so that nothing writes once the host is down.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _firstCompaction;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Cuts (or, on append blobs, ends) a torn last line left by a crash mid-write.</summary>
    private async Task RepairAsync(StoredBlob blob, CancellationToken cancellationToken)
    {
        const int TailBytes = 1 << 20;
        var offset = Math.Max(0, blob.Length - TailBytes);
        var tail = await store.ReadAsync(blob.Name, offset, cancellationToken: cancellationToken) ?? [];
        var complete = JsonlReader.CompleteLength(tail);
        if (complete == 0 && offset > 0)
        {
            tail = await store.ReadAsync(blob.Name, cancellationToken: cancellationToken) ?? [];
            offset = 0;
            complete = JsonlReader.CompleteLength(tail);
        }

        if (offset + complete < offset + tail.Length)
        {
            logger.TornLine(blob.Name, tail.Length - complete);
            await store.RepairTailAsync(blob.Name, offset + complete, cancellationToken);
        }
    }
}

/// <summary>The two segment logs, metrics and alerts.</summary>
public sealed record SegmentLogs(SegmentLog Metrics, SegmentLog Alerts);
