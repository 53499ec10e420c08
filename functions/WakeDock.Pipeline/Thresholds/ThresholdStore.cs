using System.Text.Json;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Thresholds;

/// <summary>A threshold the store refuses, with the field at fault.</summary>
public sealed class ThresholdRejectedException(string field, string message) : ArgumentException(message, field)
{
    public string Field { get; } = field;
}

/// <summary>
/// The thresholds in force: the defaults of the settings (the spec's values unless a <c>WAKEDOCK_*_THRESHOLD</c>
/// says otherwise), then what was set at run time — global levels and per-container or per-service
/// overrides — kept in <c>state/thresholds.json</c> so that they survive restarts.
/// </summary>
public sealed class ThresholdStore(IBlobStore store, IOptions<WakeDockOptions> options) : IDisposable
{
    public const string FileName = "state/thresholds.json";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile ThresholdSet _set = ThresholdSet.From(DefaultThresholds.From(options.Value.Thresholds), []);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await store.ReadAsync(FileName, cancellationToken: cancellationToken);
        var saved = bytes is { Length: > 0 } ? JsonSerializer.Deserialize(bytes, WakeDockJson.Context.ListThreshold) ?? [] : [];
        _set = ThresholdSet.From(DefaultThresholds.From(options.Value.Thresholds), saved);
    }

    /// <summary>The global threshold of every metric type, then the overrides.</summary>
    public IReadOnlyList<Threshold> GetAll() => [.. _set.Globals.Values.OrderBy(t => t.MetricType), .. Overrides];

    public Threshold Get(MetricType metric) => _set.Globals[metric];

    public IReadOnlyList<Threshold> Overrides => _set.Overrides.Values.OrderBy(t => t.MetricType).ThenBy(t => t.ServiceName, StringComparer.Ordinal).ThenBy(t => t.ContainerId, StringComparer.Ordinal).ToList();

    /// <summary>The threshold that applies to a container: its own override, its service's, or the global one.</summary>
    public Threshold Resolve(MetricType metric, string containerId, string? serviceName)
    {
        var set = _set;
        if (set.Overrides.Count > 0)
        {
            if (set.Overrides.TryGetValue(ThresholdSet.KeyOf(metric, containerId, null), out var own))
            {
                return own;
            }

            if (serviceName is not null && set.Overrides.TryGetValue(ThresholdSet.KeyOf(metric, null, serviceName), out var service))
            {
                return service;
            }
        }

        return set.Globals[metric];
    }

    /// <summary>Sets a global threshold (no container or service) or an override, and saves it before returning.</summary>
    public async Task<Threshold> PutAsync(Threshold threshold, CancellationToken cancellationToken = default)
    {
        Validate(threshold);
        return await ChangeAsync(saved =>
        {
            saved.RemoveAll(t => SameTarget(t, threshold));
            saved.Add(threshold);
        }, threshold, cancellationToken);
    }

    /// <summary>Removes an override (or, with neither container nor service, puts the global threshold back to its default). False when there was nothing to remove.</summary>
    public async Task<bool> DeleteAsync(MetricType metric, string? containerId, string? serviceName, CancellationToken cancellationToken = default)
    {
        var probe = new Threshold { MetricType = metric, ContainerId = containerId, ServiceName = serviceName };
        var removed = false;
        await ChangeAsync(saved => removed = saved.RemoveAll(t => SameTarget(t, probe)) > 0, probe, cancellationToken);
        return removed;
    }

    public static void Validate(Threshold threshold)
    {
        if (!Enum.IsDefined(threshold.MetricType))
        {
            throw new ThresholdRejectedException("metric_type", $"'{threshold.MetricType}' is not a metric type.");
        }

        if (!double.IsFinite(threshold.WarningThreshold) || threshold.WarningThreshold < 0)
        {
            throw new ThresholdRejectedException("warning_threshold", "warning_threshold must be a number ≥ 0.");
        }

        if (!double.IsFinite(threshold.CriticalThreshold) || threshold.CriticalThreshold < threshold.WarningThreshold
            || (threshold.CriticalThreshold == threshold.WarningThreshold && IsGauge(threshold.MetricType)))
        {
            throw new ThresholdRejectedException("critical_threshold", "critical_threshold must be above warning_threshold.");
        }

        if (!double.IsFinite(threshold.ForSeconds) || threshold.ForSeconds < 0)
        {
            throw new ThresholdRejectedException("for_seconds", "for_seconds must be ≥ 0.");
        }

        if (!double.IsFinite(threshold.HysteresisPercent) || threshold.HysteresisPercent is < 0 or >= 100)
        {
            throw new ThresholdRejectedException("hysteresis_percent", "hysteresis_percent must be within [0, 100).");
        }

        if (threshold.ContainerId is not null && threshold.ServiceName is not null)
        {
            throw new ThresholdRejectedException("container_id", "an override names a container or a service, not both.");
        }
    }

    public void Dispose() => _writeGate.Dispose();

    public static bool IsGauge(MetricType metric) => metric is MetricType.CpuPercent or MetricType.MemoryPercent or MetricType.NetworkRx or MetricType.NetworkTx;

    private static bool SameTarget(Threshold a, Threshold b)
        => a.MetricType == b.MetricType && a.ContainerId == b.ContainerId && a.ServiceName == b.ServiceName;

    private async Task<Threshold> ChangeAsync(Action<List<Threshold>> change, Threshold result, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var saved = _set.Saved.ToList();
            change(saved);
            await store.WriteAsync(FileName, JsonSerializer.SerializeToUtf8Bytes(saved, WakeDockJson.Context.ListThreshold), cancellationToken);
            _set = ThresholdSet.From(DefaultThresholds.From(options.Value.Thresholds), saved);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private sealed record ThresholdSet(IReadOnlyDictionary<MetricType, Threshold> Globals, IReadOnlyDictionary<string, Threshold> Overrides, IReadOnlyList<Threshold> Saved)
    {
        public static string KeyOf(MetricType metric, string? containerId, string? serviceName)
            => containerId is not null ? $"{metric}|c|{containerId}" : $"{metric}|s|{serviceName}";

        public static ThresholdSet From(IEnumerable<Threshold> defaults, IReadOnlyList<Threshold> saved)
        {
            var globals = defaults.ToDictionary(t => t.MetricType);
            var overrides = new Dictionary<string, Threshold>(StringComparer.Ordinal);
            foreach (var t in saved)
            {
                if (t.ContainerId is null && t.ServiceName is null)
                {
                    globals[t.MetricType] = t;
                }
                else
                {
                    overrides[KeyOf(t.MetricType, t.ContainerId, t.ServiceName)] = t;
                }
            }

            return new ThresholdSet(globals, overrides, saved);
        }
    }
}
