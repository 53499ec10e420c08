using WakeDock.EdgeAgent.Cgroups;

namespace WakeDock.EdgeAgent.HostStats;

/// <summary>
/// One reading of the Docker host's own counters, raw as the kernel gives them: per-CPU times in
/// clock ticks (user nice system idle iowait irq softirq steal), <c>/proc/meminfo</c> in bytes,
/// the root and data file systems' statfs, whole disks, interfaces, boot time and uptime.
/// </summary>
public sealed record HostSnapshot(
    DateTimeOffset Timestamp,
    ulong[] TotalCpuTicks,
    IReadOnlyList<(string Cpu, ulong[] Ticks)> Cpus,
    double Load1,
    double Load5,
    double Load15,
    IReadOnlyList<(string Field, ulong Bytes)> Memory,
    IReadOnlyList<FilesystemSpace> Filesystems,
    IReadOnlyList<DiskCounters> Disks,
    IReadOnlyList<InterfaceCounters> Networks,
    long BootTimeSeconds,
    double UptimeSeconds)
{
    /// <summary>The CPU states of a <c>/proc/stat</c> line, in order.</summary>
    public static readonly string[] CpuModes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"];

    public ulong MemoryField(string field)
    {
        foreach (var (name, bytes) in Memory)
        {
            if (name == field)
            {
                return bytes;
            }
        }

        return 0;
    }
}

/// <summary>A file system's space: <paramref name="Role"/> <c>root</c> or <c>data</c>, the mount point as the host names it.</summary>
public sealed record FilesystemSpace(string Role, string Mountpoint, string Device, string Fstype, ulong Size, ulong Free, ulong Available);

/// <summary>A whole disk's counters from <c>/proc/diskstats</c> (sectors of 512 bytes, times in ms).</summary>
public sealed record DiskCounters(string Device, ulong Reads, ulong SectorsRead, ulong ReadMilliseconds, ulong Writes, ulong SectorsWritten,
    ulong WriteMilliseconds, ulong InProgress, ulong IoMilliseconds, ulong WeightedIoMilliseconds);
