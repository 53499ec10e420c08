namespace WakeDock.Contracts;

/// <summary>A <see cref="MetricType"/> as it is written on the wire (its JSON name), for labels and messages.</summary>
public static class MetricTypeNames
{
    /// <summary>The JSON name of <paramref name="metric"/>, e.g. <c>cpu_percent</c>.</summary>
    public static string Of(MetricType metric) => metric switch
    {
        MetricType.CpuPercent => "cpu_percent",
        MetricType.MemoryPercent => "memory_percent",
        MetricType.NetworkRx => "network_rx",
        MetricType.NetworkTx => "network_tx",
        MetricType.ContainerExit => "container_exit",
        MetricType.ContainerOom => "container_oom",
        MetricType.ContainerUnhealthy => "container_unhealthy",
        MetricType.ContainerRestartLoop => "container_restart_loop",
        MetricType.OomPredicted => "oom_predicted",
        MetricType.DiskFullPredicted => "disk_full_predicted",
        MetricType.CpuAnomaly => "cpu_anomaly",
        MetricType.MemoryAnomaly => "memory_anomaly",
        _ => "host_silent",
    };
}
