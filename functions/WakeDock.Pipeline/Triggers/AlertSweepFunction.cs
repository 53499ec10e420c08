using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Predictions;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Pipeline.Triggers;

/// <summary>The timer half of alerting: sustained (<c>for</c>) rules, restart loops that ended, silent hosts, trend (memory, disk) and anomaly alerts; also trims the hot tier.</summary>
public sealed class AlertSweepFunction(
    ThresholdEvaluator evaluator, TrendWatch trends, DiskWatch disks, AnomalyWatch anomalies, AlertJournal journal, RecentSamples recent, PipelineMetrics metrics, TimeProvider time) : ITimerFunction
{
    public string Name => TriggerTable.AlertSweep;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await journal.RecordAsync([.. evaluator.Sweep(now), .. trends.Sweep(now), .. disks.Sweep(now), .. await anomalies.CheckAsync(cancellationToken)], cancellationToken);
        metrics.OpenAlerts = evaluator.OpenEpisodes;
        recent.Trim();
    }
}
