using System.Diagnostics;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Pipeline.Query;

/// <summary>
/// The spec's statistics ("taux de collecte réussie, latence moyenne, alertes par heure, utilisation
/// mémoire du collecteur"), measured by the pipeline itself.
/// </summary>
public sealed record PipelineStatisticsSnapshot(
    DateTimeOffset Timestamp,
    TimeSpan Uptime,
    double IngestSamplesPerSecond,
    long SamplesTotal,
    long BatchesTotal,
    double SuccessRate,
    long Duplicates,
    long Retries,
    long Dropped,
    long DeadLetters,
    double AverageIngestLatencyMs,
    double AverageIngestLagSeconds,
    long AlertsTotal,
    double AlertsPerHour,
    int OpenAlerts,
    int MonitoredContainers,
    long MemoryWorkingSetBytes,
    long ManagedHeapBytes,
    long ReadsAttempted,
    long ReadsFailed,
    double IngestSuccessRate);

/// <summary>
/// Computes <see cref="PipelineStatisticsSnapshot"/>; the ingest rate is over the last minute or so. The success rate
/// is the agents' stats reads that succeeded over those attempted (the batches handled over those received while no
/// agent has reported its reads); alerts per hour counts the alerts raised over the last hour.
/// </summary>
public sealed class PipelineStatistics(PipelineMetrics metrics, CollectionHealth health, ThresholdEvaluator evaluator, RecentSamples recent, TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly Lock _gate = new();
    private (DateTimeOffset At, long Samples) _previous = (time.GetUtcNow(), 0);
    private (DateTimeOffset At, long Samples) _older = (time.GetUtcNow(), 0);

    public PipelineStatisticsSnapshot Snapshot()
    {
        var now = time.GetUtcNow();
        var samples = metrics.SamplesTotal;
        double rate;
        lock (_gate)
        {
            if (now - _previous.At >= TimeSpan.FromSeconds(30))
            {
                _older = _previous;
                _previous = (now, samples);
            }

            var seconds = (now - _older.At).TotalSeconds;
            rate = seconds > 0 ? (samples - _older.Samples) / seconds : 0;
        }

        var batches = metrics.BatchesTotal;
        var handled = metrics.SucceededTotal + metrics.DuplicatesTotal;
        var ingestSuccess = batches == 0 ? 1 : Math.Round((double)handled / batches, 4);
        using var process = Process.GetCurrentProcess();
        return new PipelineStatisticsSnapshot(
            now,
            now - _started,
            Math.Round(rate, 1),
            samples,
            batches,
            health.SuccessRate ?? ingestSuccess,
            metrics.DuplicatesTotal,
            metrics.RetriesTotal,
            metrics.DropsTotal,
            metrics.DeadLettersTotal,
            Math.Round(metrics.AverageIngestDuration.TotalMilliseconds, 3),
            Math.Round(metrics.AverageIngestLag.TotalSeconds, 3),
            metrics.AlertsTotal,
            health.RaisedInTheLastHour(),
            evaluator.OpenEpisodes,
            recent.ContainerCount,
            process.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            health.ReadsAttempted,
            health.ReadsFailed,
            ingestSuccess);
    }
}
