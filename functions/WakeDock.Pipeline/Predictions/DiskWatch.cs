using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Hosts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Pipeline.Predictions;

/// <summary>
/// Disk-full alerts, run by the alert sweep: for each file system of each host, a linear fit of its used space over the
/// disk window; "Disque /var/lib/docker plein dans 3 jours" fires (warning within 7 days, critical within a day by
/// default), escalates as the time left shrinks, and resolves once no such filling is seen. A host-level alert
/// (no container); turned off with the global <c>disk_full_predicted</c> threshold.
/// </summary>
public sealed class DiskWatch(HostBoard hosts, ThresholdStore thresholds, IOptions<WakeDockOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Host, string Mountpoint), (string Id, AlertLevel Level)> _open = [];

    public IReadOnlyList<AlertRecord> Sweep(DateTimeOffset now)
    {
        var settings = options.Value.Alerts.Predictions;
        var enabled = thresholds.Get(MetricType.DiskFullPredicted).Enabled;
        var records = new List<AlertRecord>();
        lock (_gate)
        {
            var seen = new HashSet<(string, string)>();
            foreach (var host in hosts.Hosts)
            {
                foreach (var (mountpoint, points) in hosts.Space(host))
                {
                    var key = (host, mountpoint);
                    seen.Add(key);
                    var forecast = enabled ? DiskForecast.Of(mountpoint, points, now, settings) : null;
                    AlertLevel? level = forecast is null ? null
                        : forecast.Left <= settings.DiskCriticalHorizon ? AlertLevel.Critical
                        : forecast.Left <= settings.DiskWarningHorizon ? AlertLevel.Warning : null;
                    var open = _open.GetValueOrDefault(key);
                    if (level is { } l && forecast is not null && (open.Id is null || open.Level < l))
                    {
                        var id = open.Id ?? Guid.CreateVersion7(now).ToString("N");
                        _open[key] = (id, l);
                        var horizon = l == AlertLevel.Critical ? settings.DiskCriticalHorizon : settings.DiskWarningHorizon;
                        records.Add(new AlertRecord(Record(host, id, now, AlertState.Firing, l, Math.Round(forecast.Left.TotalHours, 1), horizon.TotalHours,
                            AlertMessages.DiskFullPredicted(mountpoint, forecast.Left.TotalHours)), open.Id is null ? AlertChange.Fired : AlertChange.Escalated));
                    }
                    else if (level is null && open.Id is not null)
                    {
                        _open.Remove(key);
                        records.Add(new AlertRecord(Record(host, open.Id, now, AlertState.Resolved, open.Level, 0, settings.DiskWarningHorizon.TotalHours,
                            AlertMessages.DiskNoLongerFilling(mountpoint)), AlertChange.Resolved));
                    }
                }
            }

            foreach (var gone in _open.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _open.Remove(gone);
            }
        }

        return records;
    }

    private static Alert Record(string host, string id, DateTimeOffset at, AlertState state, AlertLevel level, double hoursLeft, double horizonHours, string message) => new()
    {
        Id = id,
        ContainerId = "",
        Host = host,
        Timestamp = at,
        Level = level,
        State = state,
        MetricType = MetricType.DiskFullPredicted,
        Value = hoursLeft,
        Threshold = horizonHours,
        Message = message,
    };
}
