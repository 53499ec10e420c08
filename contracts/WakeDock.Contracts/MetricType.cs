using System.Text.Json.Serialization;

namespace WakeDock.Contracts;

/// <summary>
/// What a threshold or an alert is about: the four measured metrics of the spec, and the
/// conditions that come from container lifecycle events and from the pipeline itself.
/// </summary>
public enum MetricType
{
    /// <summary>CPU percent of a container.</summary>
    [JsonStringEnumMemberName("cpu_percent")] CpuPercent,

    /// <summary>Memory percent of a container.</summary>
    [JsonStringEnumMemberName("memory_percent")] MemoryPercent,

    /// <summary>Receive rate in MB/s (1 MB = 1,048,576 bytes, as the spec's <c>network_rx_mb</c>).</summary>
    [JsonStringEnumMemberName("network_rx")] NetworkRx,

    /// <summary>Send rate in MB/s (1 MB = 1,048,576 bytes).</summary>
    [JsonStringEnumMemberName("network_tx")] NetworkTx,

    /// <summary>A container exited with a non-zero code.</summary>
    [JsonStringEnumMemberName("container_exit")] ContainerExit,

    /// <summary>The kernel killed a process of the container for lack of memory.</summary>
    [JsonStringEnumMemberName("container_oom")] ContainerOom,

    /// <summary>The container's health check reports unhealthy.</summary>
    [JsonStringEnumMemberName("container_unhealthy")] ContainerUnhealthy,

    /// <summary>The container restarts again and again.</summary>
    [JsonStringEnumMemberName("container_restart_loop")] ContainerRestartLoop,

    /// <summary>A host's agent has sent nothing for several intervals.</summary>
    [JsonStringEnumMemberName("host_silent")] HostSilent,

    /// <summary>Memory growing toward the container's limit: the value is the minutes left, from a linear fit.</summary>
    [JsonStringEnumMemberName("oom_predicted")] OomPredicted,

    /// <summary>A host's disk filling: the value is the hours left, from a linear fit (when agents report host disks).</summary>
    [JsonStringEnumMemberName("disk_full_predicted")] DiskFullPredicted,

    /// <summary>CPU % far from the container's own baseline for that hour of the week: the value is the robust z-score.</summary>
    [JsonStringEnumMemberName("cpu_anomaly")] CpuAnomaly,

    /// <summary>Memory % far from the container's own baseline for that hour of the week: the value is the robust z-score.</summary>
    [JsonStringEnumMemberName("memory_anomaly")] MemoryAnomaly,
}
