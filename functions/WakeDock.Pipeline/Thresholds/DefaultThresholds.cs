using WakeDock.Contracts;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Thresholds;

/// <summary>The spec's default thresholds, from the settings (<see cref="ThresholdDefaultsOptions"/>).</summary>
public static class DefaultThresholds
{
    public static IReadOnlyList<Threshold> From(ThresholdDefaultsOptions settings) =>
    [
        Level(settings, MetricType.CpuPercent, settings.CpuPercent),
        Level(settings, MetricType.MemoryPercent, settings.MemoryPercent),
        Level(settings, MetricType.NetworkRx, settings.NetworkRx),
        Level(settings, MetricType.NetworkTx, settings.NetworkTx),
        Level(settings, MetricType.ContainerRestartLoop, settings.ContainerRestartLoop),
        Level(settings, MetricType.HostSilent, settings.HostSilent),
        Level(settings, MetricType.ContainerExit, new LevelPair { Warning = 1, Critical = 1 }),
        Level(settings, MetricType.ContainerOom, new LevelPair { Warning = 1, Critical = 1 }),
        Level(settings, MetricType.ContainerUnhealthy, new LevelPair { Warning = 1, Critical = 1 }),
        Level(settings, MetricType.OomPredicted, new LevelPair { Warning = 1, Critical = 1 }),
        Level(settings, MetricType.DiskFullPredicted, new LevelPair { Warning = 1, Critical = 1 }),
        Off(Level(settings, MetricType.CpuAnomaly, settings.CpuAnomaly)),
        Off(Level(settings, MetricType.MemoryAnomaly, settings.MemoryAnomaly)),
    ];

    private static Threshold Off(Threshold t)
    {
        t.Enabled = false;
        return t;
    }

    private static Threshold Level(ThresholdDefaultsOptions settings, MetricType metric, LevelPair pair) => new()
    {
        MetricType = metric,
        WarningThreshold = pair.Warning,
        CriticalThreshold = pair.Critical,
        HysteresisPercent = settings.HysteresisPercent,
        ForSeconds = ThresholdStore.IsGauge(metric) ? settings.ForSeconds : 0,
    };
}
