namespace WakeDock.Contracts;

/// <summary>
/// One container at one instant, as the edge agent measured it. The first fields are those of
/// the spec's metrics response; the rest (host, image, rates, block I/O, sequence) extend it.
/// CPU and memory follow the docker CLI's formulas.
/// </summary>
public sealed record ContainerSample
{
    /// <summary>Full or short Docker container id.</summary>
    public required string ContainerId { get; init; }

    /// <summary>Container name without the leading slash.</summary>
    public string? ContainerName { get; init; }

    /// <summary>The Docker Compose service (label <c>com.docker.compose.service</c>), if any.</summary>
    public string? ServiceName { get; init; }

    /// <summary>When the engine read the stats (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>CPU use in percent of one core; exceeds 100 on several cores.</summary>
    public double CpuPercent { get; init; }

    /// <summary>Memory in use in bytes: usage minus inactive file cache, floored at 0.</summary>
    public long MemoryUsage { get; init; }

    /// <summary>The container's memory limit in bytes (the host's memory when unlimited).</summary>
    public long MemoryLimit { get; init; }

    /// <summary><see cref="MemoryUsage"/> against <see cref="MemoryLimit"/>, in percent.</summary>
    public double MemoryPercent { get; init; }

    /// <summary>Bytes received over all interfaces since the container started.</summary>
    public long NetworkRxBytes { get; init; }

    /// <summary>Bytes sent over all interfaces since the container started.</summary>
    public long NetworkTxBytes { get; init; }

    /// <summary>Number of processes and threads in the container.</summary>
    public long Pids { get; init; }

    /// <summary>The Docker host the agent runs on.</summary>
    public string? Host { get; init; }

    /// <summary>The image the container runs.</summary>
    public string? Image { get; init; }

    /// <summary>Receive rate over the last interval, bytes per second.</summary>
    public double NetworkRxBytesPerSec { get; init; }

    /// <summary>Send rate over the last interval, bytes per second.</summary>
    public double NetworkTxBytesPerSec { get; init; }

    /// <summary>Bytes read from block devices since the container started.</summary>
    public long BlockReadBytes { get; init; }

    /// <summary>Bytes written to block devices since the container started.</summary>
    public long BlockWriteBytes { get; init; }

    /// <summary>The agent's sequence number for this sample: strictly increasing per host, across restarts.</summary>
    public long Sequence { get; init; }
}
