using System.Text;

namespace WakeDock.EdgeAgent.Cgroups;

/// <summary>
/// Everything cAdvisor reports of a container, from its cgroup files (v1 and v2) and its network
/// namespace, read as cAdvisor reads them: CPU total, user and system; memory usage, working set
/// (usage − inactive file), cache, RSS, swap and mapped files; the limits it was given; per-interface
/// counters (no <c>lo</c>); per-device block I/O.
/// </summary>
public sealed record ContainerCounters(
    ulong CpuNanoseconds,
    double UserSeconds,
    double SystemSeconds,
    ulong MemoryUsage,
    ulong WorkingSet,
    ulong Cache,
    ulong Rss,
    ulong Swap,
    ulong MappedFile,
    ulong MemoryLimit,
    long CpuQuota,
    ulong CpuPeriod,
    ulong CpuShares,
    IReadOnlyList<InterfaceCounters> Interfaces,
    IReadOnlyList<(string Device, ulong Read, ulong Write)> Devices)
{
    public static ContainerCounters Read(ContainerCgroup cgroup, string hostRoot)
    {
        var interfaces = cgroup.NetDev is { } netDev ? [.. NetDevFile.Parse(KernelFile.Read(netDev)).Where(n => n.Device != "lo")] : new List<InterfaceCounters>();
        return cgroup.Version == CgroupVersion.V2 ? ReadV2(cgroup, hostRoot, interfaces) : ReadV1(cgroup, hostRoot, interfaces);
    }

    private static ContainerCounters ReadV1(ContainerCgroup cgroup, string hostRoot, List<InterfaceCounters> interfaces)
    {
        var cpu = KernelFile.ReadNumber(Path.Combine(cgroup.Cpu, "cpuacct.usage"));
        var cpuStat = KernelFile.Read(Path.Combine(cgroup.Cpu, "cpuacct.stat"));
        var user = (KernelFile.KeyedValue(cpuStat, "user"u8) ?? 0) / (double)SystemCpu.ClockTicksPerSecond;
        var system = (KernelFile.KeyedValue(cpuStat, "system"u8) ?? 0) / (double)SystemCpu.ClockTicksPerSecond;
        var usage = KernelFile.ReadNumber(Path.Combine(cgroup.Memory, "memory.usage_in_bytes"));
        var limit = KernelFile.ReadNumber(Path.Combine(cgroup.Memory, "memory.limit_in_bytes"));
        var stat = KernelFile.Read(Path.Combine(cgroup.Memory, "memory.stat"));
        var inactiveFile = KernelFile.KeyedValue(stat, "total_inactive_file"u8) ?? 0;
        var cache = KernelFile.KeyedValue(stat, "total_cache"u8) ?? 0;
        var rss = KernelFile.KeyedValue(stat, "total_rss"u8) ?? 0;
        var swap = KernelFile.KeyedValue(stat, "total_swap"u8) ?? 0;
        var mapped = KernelFile.KeyedValue(stat, "total_mapped_file"u8) ?? 0;
        // the cpu controller beside cpuacct (often the same folder, cpu,cpuacct)
        var cpuFolder = cgroup.Cpu.Replace($"{Path.DirectorySeparatorChar}cpuacct{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}cpu{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal);
        long quota = File.Exists(Path.Combine(cpuFolder, "cpu.cfs_quota_us")) ? long.Parse(Encoding.ASCII.GetString(KernelFile.Read(Path.Combine(cpuFolder, "cpu.cfs_quota_us"))).Trim(),
            System.Globalization.CultureInfo.InvariantCulture) : -1;
        var period = File.Exists(Path.Combine(cpuFolder, "cpu.cfs_period_us")) ? KernelFile.ReadNumber(Path.Combine(cpuFolder, "cpu.cfs_period_us")) : 0;
        var shares = File.Exists(Path.Combine(cpuFolder, "cpu.shares")) ? KernelFile.ReadNumber(Path.Combine(cpuFolder, "cpu.shares")) : 0;
        var devices = cgroup.Block is { } block ? BlkioDevices(block, hostRoot) : [];
        return new ContainerCounters(cpu, user, system, usage, usage > inactiveFile ? usage - inactiveFile : 0, cache, rss, swap, mapped, limit,
            quota, period, shares, interfaces, devices);
    }

    private static ContainerCounters ReadV2(ContainerCgroup cgroup, string hostRoot, List<InterfaceCounters> interfaces)
    {
        var cpuStat = KernelFile.Read(Path.Combine(cgroup.Cpu, "cpu.stat"));
        var cpu = (KernelFile.KeyedValue(cpuStat, "usage_usec"u8) ?? 0) * 1000;
        var user = (KernelFile.KeyedValue(cpuStat, "user_usec"u8) ?? 0) / 1e6;
        var system = (KernelFile.KeyedValue(cpuStat, "system_usec"u8) ?? 0) / 1e6;
        var usage = KernelFile.ReadNumber(Path.Combine(cgroup.Memory, "memory.current"));
        var limit = KernelFile.ReadNumber(Path.Combine(cgroup.Memory, "memory.max"));
        var stat = KernelFile.Read(Path.Combine(cgroup.Memory, "memory.stat"));
        var inactiveFile = KernelFile.KeyedValue(stat, "inactive_file"u8) ?? 0;
        var cache = KernelFile.KeyedValue(stat, "file"u8) ?? 0;
        var rss = KernelFile.KeyedValue(stat, "anon"u8) ?? 0;
        var mapped = KernelFile.KeyedValue(stat, "file_mapped"u8) ?? 0;
        var swapFile = Path.Combine(cgroup.Memory, "memory.swap.current");
        var swap = File.Exists(swapFile) ? KernelFile.ReadNumber(swapFile) : 0;
        long quota = -1;
        ulong period = 0;
        var max = Path.Combine(cgroup.Cpu, "cpu.max");
        if (File.Exists(max))
        {
            // "max 100000" or "50000 100000"
            var parts = Encoding.ASCII.GetString(KernelFile.Read(max)).Trim().Split(' ');
            quota = parts[0] == "max" ? -1 : long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            period = parts.Length > 1 ? ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        var weightFile = Path.Combine(cgroup.Cpu, "cpu.weight");
        // cAdvisor gives v2's weight back as v1 shares: 2 + (weight − 1) × 262142 / 9999
        var shares = File.Exists(weightFile) ? 2 + ((KernelFile.ReadNumber(weightFile) - 1) * 262142 / 9999) : 0;
        var devices = cgroup.Block is { } block ? IoStatDevices(block, hostRoot) : [];
        return new ContainerCounters(cpu, user, system, usage, usage > inactiveFile ? usage - inactiveFile : 0, cache, rss, swap, mapped, limit,
            quota, period, shares, interfaces, devices);
    }

    private static List<(string, ulong, ulong)> BlkioDevices(string folder, string hostRoot)
    {
        var file = File.Exists(Path.Combine(folder, "blkio.io_serviced_recursive")) ? "blkio.io_service_bytes_recursive"
            : File.Exists(Path.Combine(folder, "blkio.throttle.io_service_bytes_recursive")) ? "blkio.throttle.io_service_bytes_recursive"
            : "blkio.throttle.io_service_bytes";
        var devices = new Dictionary<string, (ulong Read, ulong Write)>(StringComparer.Ordinal);
        foreach (var line in Encoding.ASCII.GetString(KernelFile.Read(Path.Combine(folder, file))).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && ulong.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                var (read, write) = devices.GetValueOrDefault(parts[0]);
                devices[parts[0]] = parts[1] switch { "Read" => (read + value, write), "Write" => (read, write + value), _ => (read, write) };
            }
        }

        return [.. devices.Select(d => (DeviceName(d.Key, hostRoot), d.Value.Read, d.Value.Write))];
    }

    private static List<(string, ulong, ulong)> IoStatDevices(string folder, string hostRoot)
    {
        var devices = new List<(string, ulong, ulong)>();
        foreach (var line in Encoding.ASCII.GetString(KernelFile.Read(Path.Combine(folder, "io.stat"))).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            ulong read = 0, write = 0;
            foreach (var field in parts.Skip(1))
            {
                if (field.StartsWith("rbytes=", StringComparison.Ordinal))
                {
                    read = ulong.Parse(field[7..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (field.StartsWith("wbytes=", StringComparison.Ordinal))
                {
                    write = ulong.Parse(field[7..], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            devices.Add((DeviceName(parts[0], hostRoot), read, write));
        }

        return devices;
    }

    /// <summary><c>/dev/sda</c> for <c>8:0</c>, from <c>/sys/dev/block/8:0/uevent</c>, as cAdvisor names devices; the numbers when unknown.</summary>
    private static string DeviceName(string majorMinor, string hostRoot)
    {
        var uevent = Path.Combine(hostRoot, "sys", "dev", "block", majorMinor, "uevent");
        try
        {
            foreach (var line in File.ReadLines(uevent))
            {
                if (line.StartsWith("DEVNAME=", StringComparison.Ordinal))
                {
                    return "/dev/" + line[8..];
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return majorMinor;
    }
}
