using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.HostStats;

/// <summary>Turns a host reading (and the previous one, for CPU %) into the batch's <see cref="HostMetrics"/>.</summary>
public static class HostMetricsFactory
{
    private const double TicksPerSecond = Cgroups.SystemCpu.ClockTicksPerSecond;

    public static HostMetrics Create(HostSnapshot current, HostSnapshot? previous, HostContainerCounts? containers)
    {
        var ticks = current.TotalCpuTicks;
        return new HostMetrics
        {
            Timestamp = current.Timestamp,
            CpuCount = current.Cpus.Count,
            CpuPercent = previous is null ? 0 : BusyPercent(previous.TotalCpuTicks, ticks),
            CpuSeconds = new HostCpuSeconds
            {
                User = ticks[0] / TicksPerSecond,
                Nice = ticks[1] / TicksPerSecond,
                System = ticks[2] / TicksPerSecond,
                Idle = ticks[3] / TicksPerSecond,
                Iowait = ticks[4] / TicksPerSecond,
                Irq = ticks[5] / TicksPerSecond,
                Softirq = ticks[6] / TicksPerSecond,
                Steal = ticks[7] / TicksPerSecond,
            },
            Load1 = current.Load1,
            Load5 = current.Load5,
            Load15 = current.Load15,
            MemoryTotalBytes = (long)current.MemoryField("MemTotal"),
            MemoryAvailableBytes = (long)current.MemoryField("MemAvailable"),
            MemoryFreeBytes = (long)current.MemoryField("MemFree"),
            MemoryBuffersBytes = (long)current.MemoryField("Buffers"),
            MemoryCachedBytes = (long)current.MemoryField("Cached"),
            SwapTotalBytes = (long)current.MemoryField("SwapTotal"),
            SwapFreeBytes = (long)current.MemoryField("SwapFree"),
            Filesystems = [.. current.Filesystems.Select(f => new HostFilesystem
            {
                Role = f.Role,
                Mountpoint = f.Mountpoint,
                Device = f.Device,
                Fstype = f.Fstype,
                SizeBytes = (long)f.Size,
                FreeBytes = (long)f.Free,
                AvailableBytes = (long)f.Available,
                UsedPercent = UsedPercent(f),
            })],
            Disks = [.. current.Disks.Select(d => new HostDisk
            {
                Device = d.Device,
                ReadBytes = (long)(d.SectorsRead * 512),
                WrittenBytes = (long)(d.SectorsWritten * 512),
                ReadsCompleted = (long)d.Reads,
                WritesCompleted = (long)d.Writes,
                IoTimeSeconds = d.IoMilliseconds / 1000.0,
            })],
            Networks = [.. current.Networks.Where(n => n.Device != "lo").Select(n => new HostNetworkInterface
            {
                Device = n.Device,
                RxBytes = (long)n.RxBytes,
                TxBytes = (long)n.TxBytes,
                RxPackets = (long)n.RxPackets,
                TxPackets = (long)n.TxPackets,
                RxErrors = (long)n.RxErrors,
                TxErrors = (long)n.TxErrors,
                RxDropped = (long)n.RxDropped,
                TxDropped = (long)n.TxDropped,
            })],
            BootTime = DateTimeOffset.FromUnixTimeSeconds(current.BootTimeSeconds),
            UptimeSeconds = current.UptimeSeconds,
            Containers = containers,
        };
    }

    /// <summary>Busy (all but idle and iowait) over all ticks between two readings, in percent.</summary>
    public static double BusyPercent(ulong[] previous, ulong[] current)
    {
        double total = 0, idle = 0;
        for (var i = 0; i < 8; i++)
        {
            var delta = current[i] >= previous[i] ? current[i] - previous[i] : 0;
            total += delta;
            if (i is 3 or 4)
            {
                idle += delta;
            }
        }

        return total > 0 ? (total - idle) / total * 100 : 0;
    }

    /// <summary>As <c>df</c>: used / (used + available), the blocks reserved for root left out.</summary>
    public static double UsedPercent(FilesystemSpace filesystem)
    {
        var used = filesystem.Size - filesystem.Free;
        var usable = used + filesystem.Available;
        return usable > 0 ? used * 100.0 / usable : 0;
    }
}
