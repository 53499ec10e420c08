using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Sampling;

/// <summary>
/// The counters of one stats reading that the next one needs for its deltas: one-shot stats come
/// without <c>precpu_stats</c>, so the agent keeps the previous reading itself.
/// </summary>
public sealed record StatsReading(DateTimeOffset Read, ulong ContainerCpu, ulong SystemCpu, long RxBytes, long TxBytes)
{
    public static StatsReading From(DockerStats stats)
    {
        var (rx, tx) = DockerCliFormulas.NetworkTotals(stats);
        return new StatsReading(stats.Read, stats.CpuStats?.CpuUsage?.TotalUsage ?? 0, stats.CpuStats?.SystemCpuUsage ?? 0, rx, tx);
    }
}
