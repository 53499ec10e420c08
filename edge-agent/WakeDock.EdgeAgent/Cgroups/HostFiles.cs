using System.Buffers.Text;

namespace WakeDock.EdgeAgent.Cgroups;

/// <summary>Which cgroup hierarchy the host mounts.</summary>
public enum CgroupVersion
{
    None,
    V1,
    V2,
}

/// <summary>
/// Where the host's <c>/proc</c> and <c>/sys/fs/cgroup</c> are seen from the agent: at
/// <c>/</c> on the host, or under the folder they are mounted at in the agent's container
/// (<c>WakeDock:Agent:HostRoot</c>, e.g. <c>/host</c>).
/// </summary>
public sealed class HostFiles
{
    public HostFiles(string hostRoot)
    {
        HostRoot = hostRoot;
        ProcRoot = Path.Combine(hostRoot, "proc");
        CgroupRoot = Path.Combine(hostRoot, "sys", "fs", "cgroup");
        Version = File.Exists(Path.Combine(CgroupRoot, "cgroup.controllers")) ? CgroupVersion.V2
            : Directory.Exists(Path.Combine(CgroupRoot, "cpuacct")) && Directory.Exists(Path.Combine(CgroupRoot, "memory")) ? CgroupVersion.V1
            : CgroupVersion.None;
    }

    public string HostRoot { get; }

    public string ProcRoot { get; }

    public string CgroupRoot { get; }

    public CgroupVersion Version { get; }

    /// <summary>The host's memory (<c>MemTotal</c>), which the engine reports as the limit of a container without one.</summary>
    public ulong MachineMemory()
        => KernelFile.KeyedValue(KernelFile.Read(Path.Combine(ProcRoot, "meminfo")), "MemTotal:"u8) is { } kib ? kib * 1024 : 0;

    /// <summary>
    /// The engine's system CPU usage and online CPUs from <c>/proc/stat</c>, as dockerd computes them
    /// (daemon/stats/collector_unix.go): user through softirq of the <c>cpu</c> line in nanoseconds, and
    /// the number of <c>cpuN</c> lines.
    /// </summary>
    public SystemCpu ReadSystemCpu() => SystemCpu.Parse(KernelFile.Read(Path.Combine(ProcRoot, "stat")));
}

/// <summary>The host's CPU time as the engine counts it (nanoseconds) and its online CPUs.</summary>
public readonly record struct SystemCpu(ulong UsageNanoseconds, uint OnlineCpus)
{
    // USER_HZ is 100 on every Linux ABI; dockerd uses the same constant through sysconf(_SC_CLK_TCK).
    public const ulong ClockTicksPerSecond = 100;

    public static SystemCpu Parse(ReadOnlySpan<byte> stat)
    {
        ulong usage = 0;
        uint online = 0;
        Span<Range> fields = stackalloc Range[9];
        foreach (var range in stat.Split((byte)'\n'))
        {
            var line = stat[range];
            if (!line.StartsWith("cpu"u8))
            {
                continue;
            }

            if (line.Length > 3 && line[3] is >= (byte)'0' and <= (byte)'9')
            {
                online++;
                continue;
            }

            var count = KernelFile.SplitFields(line, fields);
            // user nice system idle iowait irq softirq (steal and guest are not counted, as in dockerd)
            for (var i = 1; i < Math.Min(count, 8); i++)
            {
                if (Utf8Parser.TryParse(line[fields[i]], out ulong ticks, out _))
                {
                    usage += ticks;
                }
            }
        }

        return new SystemCpu(usage * (1_000_000_000 / ClockTicksPerSecond), online);
    }
}
