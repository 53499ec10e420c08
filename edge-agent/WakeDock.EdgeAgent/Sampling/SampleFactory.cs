using WakeDock.Contracts;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Sampling;

/// <summary>Turns a stats reading and the previous one into a <see cref="ContainerSample"/>, as the docker CLI would show it.</summary>
public static class SampleFactory
{
    /// <summary>The sample; its <see cref="ContainerSample.Sequence"/> is left 0 for the batch to number.</summary>
    public static ContainerSample Create(ContainerIdentity container, string host, DockerStats current, StatsReading previous)
        => Create(container, host, current, StatsReading.From(current), previous);

    /// <summary>The sample, with <paramref name="reading"/> already taken from <paramref name="current"/>.</summary>
    public static ContainerSample Create(ContainerIdentity container, string host, DockerStats current, StatsReading reading, StatsReading previous)
    {
        var memoryUsage = DockerCliFormulas.MemoryUsage(current.MemoryStats);
        var memoryLimit = (long)(current.MemoryStats?.Limit ?? 0);
        var (blockRead, blockWrite) = DockerCliFormulas.BlockIo(current);
        var seconds = (reading.Read - previous.Read).TotalSeconds;
        return new ContainerSample
        {
            ContainerId = container.Id,
            ContainerName = container.Name ?? current.Name?.TrimStart('/'),
            ServiceName = container.ServiceName,
            Image = container.Image,
            Host = host,
            Timestamp = current.Read.ToUniversalTime(),
            CpuPercent = current.CpuStats is { } cpu ? DockerCliFormulas.CpuPercent(previous.ContainerCpu, previous.SystemCpu, cpu) : 0,
            MemoryUsage = memoryUsage,
            MemoryLimit = memoryLimit,
            MemoryPercent = DockerCliFormulas.MemoryPercent(memoryUsage, memoryLimit),
            NetworkRxBytes = reading.RxBytes,
            NetworkTxBytes = reading.TxBytes,
            NetworkRxBytesPerSec = Rate(previous.RxBytes, reading.RxBytes, seconds),
            NetworkTxBytesPerSec = Rate(previous.TxBytes, reading.TxBytes, seconds),
            BlockReadBytes = blockRead,
            BlockWriteBytes = blockWrite,
            Pids = (long)(current.PidsStats?.Current ?? 0),
        };
    }

    // A counter that went down belongs to a restarted network namespace: no honest rate for this interval.
    private static double Rate(long previous, long current, double seconds)
        => seconds > 0 && current >= previous ? (current - previous) / seconds : 0;
}
