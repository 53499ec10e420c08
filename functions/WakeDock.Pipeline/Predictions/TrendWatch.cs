using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Pipeline.Predictions;

/// <summary>
/// Trend alerts, run by the alert sweep: for each container of the hot tier, a linear fit of its memory over the
/// prediction window; "OOM prévu dans N min" fires (warning within an hour, critical within 15 min by default),
/// escalates as the time left shrinks, and resolves once no growth toward the limit is seen. Enabled per container
/// or service like any threshold (<c>oom_predicted</c>).
/// </summary>
public sealed class TrendWatch(RecentSamples recent, ThresholdStore thresholds, IOptions<WakeDockOptions> options)
{
    /// <summary>The most samples of one container a fit uses: 30 min at 5 s; samples that come faster are thinned evenly.</summary>
    public const int FitPoints = 360;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Id, AlertLevel Level)> _open = new(StringComparer.Ordinal);

    public IReadOnlyList<AlertRecord> Sweep(DateTimeOffset now)
    {
        var settings = options.Value.Alerts.Predictions;
        var records = new List<AlertRecord>();
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var series in recent.ReadSpaced(SampleFilter.All, now - settings.Window, now, FitPoints).GroupBy(s => s.ContainerId, StringComparer.Ordinal))
            {
                seen.Add(series.Key);
                var samples = series.ToList();
                var last = samples.MaxBy(s => s.Timestamp)!;
                var forecast = thresholds.Resolve(MetricType.OomPredicted, series.Key, last.ServiceName).Enabled ? MemoryForecast.Of(samples, now, settings) : null;
                AlertLevel? level = forecast is null ? null
                    : forecast.Left <= settings.OomCriticalHorizon ? AlertLevel.Critical
                    : forecast.Left <= settings.OomWarningHorizon ? AlertLevel.Warning : null;
                var open = _open.GetValueOrDefault(series.Key);
                if (level is { } l && forecast is not null && (open.Id is null || open.Level < l))
                {
                    var id = open.Id ?? Guid.CreateVersion7(now).ToString("N");
                    _open[series.Key] = (id, l);
                    var horizon = l == AlertLevel.Critical ? settings.OomCriticalHorizon : settings.OomWarningHorizon;
                    records.Add(new AlertRecord(Record(last, id, now, AlertState.Firing, l, Math.Round(forecast.Left.TotalMinutes, 1), horizon.TotalMinutes,
                        AlertMessages.OomPredicted(forecast.Left.TotalMinutes, forecast.Usage, forecast.Limit)), open.Id is null ? AlertChange.Fired : AlertChange.Escalated));
                }
                else if (level is null && open.Id is not null)
                {
                    _open.Remove(series.Key);
                    records.Add(new AlertRecord(Record(last, open.Id, now, AlertState.Resolved, open.Level, 0, settings.OomWarningHorizon.TotalMinutes, AlertMessages.OomNoLongerPredicted()), AlertChange.Resolved));
                }
            }

            foreach (var gone in _open.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _open.Remove(gone);
            }
        }

        return records;
    }

    private static Alert Record(ContainerSample s, string id, DateTimeOffset at, AlertState state, AlertLevel level, double value, double threshold, string message) => new()
    {
        Id = id,
        ContainerId = s.ContainerId,
        ContainerName = s.ContainerName,
        ServiceName = s.ServiceName,
        Host = s.Host,
        Timestamp = at,
        Level = level,
        State = state,
        MetricType = MetricType.OomPredicted,
        Value = value,
        Threshold = threshold,
        Message = message,
    };
}
