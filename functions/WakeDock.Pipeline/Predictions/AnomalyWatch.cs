using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Pipeline.Tiers;

namespace WakeDock.Pipeline.Predictions;

/// <summary>
/// Anomaly alerts, run by the alert sweep once per rolled-up hour: each container's hour average against its own
/// baseline for that hour of the week (median and MAD of the same hour in the previous weeks, 1 h tier). Off until a
/// <c>cpu_anomaly</c> / <c>memory_anomaly</c> threshold is enabled (its levels are robust z-scores); the message
/// shows the baseline. An anomaly fires for its hour and resolves at the next hour that is usual again.
/// </summary>
public sealed class AnomalyWatch(TierStore tiers, ThresholdStore thresholds, IOptions<WakeDockOptions> options) : IDisposable
{
    private static readonly MetricType[] Metrics = [MetricType.CpuAnomaly, MetricType.MemoryAnomaly];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string Container, MetricType Metric), (string Id, AlertLevel Level)> _open = [];
    private DateTimeOffset? _checked;

    public async Task<IReadOnlyList<AlertRecord>> CheckAsync(CancellationToken cancellationToken)
    {
        if (tiers.RolledUpTo is not { } rolledUpTo || !Metrics.Any(AnyEnabled))
        {
            return [];
        }

        var hour = rolledUpTo - TimeSpan.FromHours(1);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_checked >= hour)
            {
                return [];
            }

            _checked = hour;
            var current = await tiers.Hour.ReadAsync(_ => true, hour, hour + TimeSpan.FromHours(1) - TimeSpan.FromTicks(1), cancellationToken);
            var history = new List<RollupPoint>();
            foreach (var past in HourOfWeekBaseline.HoursBefore(hour, options.Value.Alerts.Anomalies.BaselineWeeks))
            {
                history.AddRange(await tiers.Hour.ReadAsync(_ => true, past, past + TimeSpan.FromHours(1) - TimeSpan.FromTicks(1), cancellationToken));
            }

            return Evaluate(hour, current, history);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The records one hour's points raise or resolve against their history (exposed for tests).</summary>
    public IReadOnlyList<AlertRecord> Evaluate(DateTimeOffset hour, IReadOnlyList<RollupPoint> current, IReadOnlyList<RollupPoint> history)
    {
        var records = new List<AlertRecord>();
        var byContainer = history.ToLookup(p => p.ContainerId, StringComparer.Ordinal);
        foreach (var point in current)
        {
            foreach (var metric in Metrics)
            {
                var t = thresholds.Resolve(metric, point.ContainerId, point.ServiceName);
                var key = (point.ContainerId, metric);
                var open = _open.GetValueOrDefault(key);
                var baseline = t.Enabled ? HourOfWeekBaseline.Of(byContainer[point.ContainerId], hour, metric, options.Value.Alerts.Anomalies.MinBaselinePoints) : null;
                var value = HourOfWeekBaseline.ValueOf(point, metric);
                var z = baseline?.Score(value) ?? 0;
                AlertLevel? level = Math.Abs(z) >= t.CriticalThreshold ? AlertLevel.Critical : Math.Abs(z) >= t.WarningThreshold ? AlertLevel.Warning : null;
                if (baseline is not null && level is { } l && (open.Id is null || open.Level < l))
                {
                    var id = open.Id ?? Guid.CreateVersion7(hour).ToString("N");
                    _open[key] = (id, l);
                    var limit = l == AlertLevel.Critical ? t.CriticalThreshold : t.WarningThreshold;
                    records.Add(new AlertRecord(Record(point, id, hour, metric, AlertState.Firing, l, z, baseline.ValueAt(Math.Sign(z) * limit),
                        AlertMessages.Anomaly(metric, value, baseline.Median, baseline.Spread, z)), open.Id is null ? AlertChange.Fired : AlertChange.Escalated));
                }
                else if (level is null && open.Id is not null)
                {
                    _open.Remove(key);
                    records.Add(new AlertRecord(Record(point, open.Id, hour, metric, AlertState.Resolved, open.Level, z, baseline?.Median ?? 0,
                        AlertMessages.Anomaly(metric, value, baseline?.Median ?? value, baseline?.Spread ?? 0, z)), AlertChange.Resolved));
                }
            }
        }

        return records;
    }

    public void Dispose() => _gate.Dispose();

    private bool AnyEnabled(MetricType metric) => thresholds.Get(metric).Enabled || thresholds.Overrides.Any(o => o.MetricType == metric && o.Enabled);

    private static Alert Record(RollupPoint p, string id, DateTimeOffset hour, MetricType metric, AlertState state, AlertLevel level, double z, double threshold, string message) => new()
    {
        Id = id,
        ContainerId = p.ContainerId,
        ContainerName = p.ContainerName,
        ServiceName = p.ServiceName,
        Host = p.Host,
        Timestamp = hour + TimeSpan.FromHours(1),
        Level = level,
        State = state,
        MetricType = metric,
        Value = Math.Round(z, 2),
        Threshold = Math.Round(threshold, 2),
        Message = message,
    };
}
