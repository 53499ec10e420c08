using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Sampling;

/// <summary>
/// The docker CLI's arithmetic on a stats reading (cli/command/container/stats_helpers.go), so that
/// WakeDock's figures match <c>docker stats</c> on cgroup v1 and v2.
/// </summary>
public static class DockerCliFormulas
{
    /// <summary>
    /// Δcontainer CPU / Δsystem CPU × online CPUs × 100; online CPUs fall back to the length of
    /// <c>percpu_usage</c> (absent on cgroup v2). 0 when either delta is not positive.
    /// </summary>
    public static double CpuPercent(ulong previousContainer, ulong previousSystem, CpuStats current)
    {
        var containerDelta = (double)(current.CpuUsage?.TotalUsage ?? 0) - previousContainer;
        var systemDelta = (double)(current.SystemCpuUsage ?? 0) - previousSystem;
        double onlineCpus = current.OnlineCpus ?? 0;
        if (onlineCpus == 0)
        {
            onlineCpus = current.CpuUsage?.PercpuUsage?.Count ?? 0;
        }

        return systemDelta > 0 && containerDelta > 0 ? containerDelta / systemDelta * onlineCpus * 100.0 : 0;
    }

    /// <summary>Usage minus the inactive file cache: <c>total_inactive_file</c> on cgroup v1, <c>inactive_file</c> on v2.</summary>
    public static long MemoryUsage(MemoryStats? memory)
    {
        var usage = memory?.Usage ?? 0;
        var stats = memory?.Stats;
        if (stats?.TotalInactiveFile is { } v1Inactive && v1Inactive < usage)
        {
            return (long)(usage - v1Inactive);
        }

        if (stats?.InactiveFile is { } v2Inactive && v2Inactive < usage)
        {
            return (long)(usage - v2Inactive);
        }

        return (long)usage;
    }

    public static double MemoryPercent(long usage, long limit) => limit > 0 ? usage * 100.0 / limit : 0;

    /// <summary>Received and sent bytes over every interface; 0 and 0 without a network namespace of its own.</summary>
    public static (long Rx, long Tx) NetworkTotals(DockerStats stats)
    {
        ulong rx = 0, tx = 0;
        foreach (var network in stats.Networks?.Values ?? [])
        {
            rx += network.RxBytes;
            tx += network.TxBytes;
        }

        return ((long)rx, (long)tx);
    }

    /// <summary>Read and written bytes: <c>Read</c>/<c>Write</c> entries (v1) or <c>read</c>/<c>write</c> (v2), all devices.</summary>
    public static (long Read, long Write) BlockIo(DockerStats stats)
    {
        ulong read = 0, write = 0;
        foreach (var entry in stats.BlkioStats?.IoServiceBytesRecursive ?? [])
        {
            if (string.Equals(entry.Op, "read", StringComparison.OrdinalIgnoreCase))
            {
                read += entry.Value;
            }
            else if (string.Equals(entry.Op, "write", StringComparison.OrdinalIgnoreCase))
            {
                write += entry.Value;
            }
        }

        return ((long)read, (long)write);
    }

    /// <summary>
    /// A stopped container's reading: the engine still answers, with every value zero and no read
    /// time. Such a frame is "not running", never a 0 % sample.
    /// </summary>
    public static bool IsNotRunning(DockerStats stats)
        => stats.Read.Year <= 1
           || (stats.CpuStats?.SystemCpuUsage is null or 0 && (stats.CpuStats?.CpuUsage?.TotalUsage ?? 0) == 0 && stats.MemoryStats?.Usage is null);
}
