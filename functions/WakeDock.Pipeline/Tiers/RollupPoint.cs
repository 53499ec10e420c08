using WakeDock.Contracts;

namespace WakeDock.Pipeline.Tiers;

/// <summary>Minimum, average, maximum and last value of one metric over a bucket.</summary>
public sealed record Aggregate(double Min, double Avg, double Max, double Last);

/// <summary>
/// One container over one bucket of a rollup tier (1 min or 1 h): the gauges as min/avg/max/last, the
/// counters as their last value. Written as JSONL in <c>rollups/metrics_1m_YYYY-MM-DD.jsonl.gz</c>.
/// </summary>
public sealed record RollupPoint
{
    public required string ContainerId { get; init; }

    public string? ContainerName { get; init; }

    public string? ServiceName { get; init; }

    public string? Host { get; init; }

    public string? Image { get; init; }

    /// <summary>The start of the bucket.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The bucket's width in seconds.</summary>
    public double StepSeconds { get; init; }

    public int Count { get; init; }

    public required Aggregate CpuPercent { get; init; }

    public required Aggregate MemoryPercent { get; init; }

    public required Aggregate MemoryUsage { get; init; }

    public required Aggregate NetworkRxBytesPerSec { get; init; }

    public required Aggregate NetworkTxBytesPerSec { get; init; }

    public required Aggregate Pids { get; init; }

    public long MemoryLimit { get; init; }

    public long NetworkRxBytes { get; init; }

    public long NetworkTxBytes { get; init; }

    public long BlockReadBytes { get; init; }

    public long BlockWriteBytes { get; init; }

    public long Sequence { get; init; }

    /// <summary>The bucket as one sample of the spec's shape: averages for gauges, last values for counters.</summary>
    public ContainerSample ToSample() => new()
    {
        ContainerId = ContainerId,
        ContainerName = ContainerName,
        ServiceName = ServiceName,
        Host = Host,
        Image = Image,
        Timestamp = Timestamp,
        CpuPercent = Math.Round(CpuPercent.Avg, 2),
        MemoryPercent = Math.Round(MemoryPercent.Avg, 2),
        MemoryUsage = (long)MemoryUsage.Avg,
        MemoryLimit = MemoryLimit,
        NetworkRxBytes = NetworkRxBytes,
        NetworkTxBytes = NetworkTxBytes,
        NetworkRxBytesPerSec = Math.Round(NetworkRxBytesPerSec.Avg),
        NetworkTxBytesPerSec = Math.Round(NetworkTxBytesPerSec.Avg),
        Pids = (long)Math.Round(Pids.Avg),
        BlockReadBytes = BlockReadBytes,
        BlockWriteBytes = BlockWriteBytes,
        Sequence = Sequence,
    };
}
