using System.Buffers.Text;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Cgroups;

/// <summary>
/// One container's stats read from its cgroup files and its network namespace, in the shape the
/// Engine API gives them (the same files the engine reads through containerd and the shim), so that
/// the docker CLI's arithmetic applies unchanged:
/// v1 <c>cpuacct.usage</c>, <c>memory.usage_in_bytes</c>, <c>memory.limit_in_bytes</c>, <c>memory.stat</c>,
/// <c>pids.current</c>, <c>blkio.*io_service_bytes*</c>; v2 <c>cpu.stat</c>, <c>memory.current</c>,
/// <c>memory.max</c>, <c>memory.stat</c>, <c>pids.current</c>, <c>io.stat</c>; <c>/proc/&lt;pid&gt;/net/dev</c> without <c>lo</c>.
/// </summary>
public sealed class CgroupStatsReader(ulong machineMemory)
{
    /// <summary>The reading; throws <see cref="IOException"/> (file or folder gone) once the container has stopped.</summary>
    public DockerStats Read(ContainerCgroup cgroup, SystemCpu system, DateTimeOffset now)
    {
        var v2 = cgroup.Version == CgroupVersion.V2;
        var cpu = v2
            ? (KernelFile.KeyedValue(KernelFile.Read(Path.Combine(cgroup.Cpu, "cpu.stat")), "usage_usec"u8) ?? 0) * 1000
            : KernelFile.ReadNumber(Path.Combine(cgroup.Cpu, "cpuacct.usage"));
        var usage = KernelFile.ReadNumber(Path.Combine(cgroup.Memory, v2 ? "memory.current" : "memory.usage_in_bytes"));
        var limit = KernelFile.ReadNumber(Path.Combine(cgroup.Memory, v2 ? "memory.max" : "memory.limit_in_bytes"));
        var memoryStat = KernelFile.Read(Path.Combine(cgroup.Memory, "memory.stat"));
        var details = v2
            ? new MemoryDetails { InactiveFile = KernelFile.KeyedValue(memoryStat, "inactive_file"u8) }
            : new MemoryDetails { TotalInactiveFile = KernelFile.KeyedValue(memoryStat, "total_inactive_file"u8) };
        var pids = cgroup.Pids is { } pidsFolder ? KernelFile.ReadNumber(Path.Combine(pidsFolder, "pids.current")) : 0;
        var (read, write) = cgroup.Block is { } block ? (v2 ? IoStat(block) : Blkio(block)) : (0UL, 0UL);
        var networks = cgroup.NetDev is { } netDev ? NetDev(KernelFile.Read(netDev)) : null;
        return new DockerStats
        {
            Read = now,
            PidsStats = new PidsStats { Current = pids },
            BlkioStats = new BlkioStats { IoServiceBytesRecursive = [new BlkioEntry { Op = "read", Value = read }, new BlkioEntry { Op = "write", Value = write }] },
            CpuStats = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = cpu }, SystemCpuUsage = system.UsageNanoseconds, OnlineCpus = system.OnlineCpus },
            // the engine reports the host's memory as the limit of a container that has none
            MemoryStats = new MemoryStats { Usage = usage, Limit = machineMemory > 0 && limit > machineMemory ? machineMemory : limit, Stats = details },
            Networks = networks,
        };
    }

    /// <summary>
    /// As containerd's v1 blkio collector: the CFQ/BFQ-era recursive file where <c>blkio.io_serviced_recursive</c>
    /// exists, the throttle layer's counters otherwise (every blk-mq kernel).
    /// </summary>
    private static (ulong Read, ulong Write) Blkio(string folder)
    {
        var file = File.Exists(Path.Combine(folder, "blkio.io_serviced_recursive")) ? "blkio.io_service_bytes_recursive"
            : File.Exists(Path.Combine(folder, "blkio.throttle.io_service_bytes_recursive")) ? "blkio.throttle.io_service_bytes_recursive"
            : "blkio.throttle.io_service_bytes";
        var content = KernelFile.Read(Path.Combine(folder, file));
        ulong read = 0, write = 0;
        Span<Range> fields = stackalloc Range[3];
        foreach (var range in content.Split((byte)'\n'))
        {
            // "8:0 Read 4096"; the "Total" lines are skipped
            var line = content[range];
            if (KernelFile.SplitFields(line, fields) == 3 && Utf8Parser.TryParse(line[fields[2]], out ulong value, out _))
            {
                var op = line[fields[1]];
                if (op.SequenceEqual("Read"u8))
                {
                    read += value;
                }
                else if (op.SequenceEqual("Write"u8))
                {
                    write += value;
                }
            }
        }

        return (read, write);
    }

    /// <summary>v2 <c>io.stat</c>: <c>8:0 rbytes=… wbytes=… rios=…</c> per device.</summary>
    private static (ulong Read, ulong Write) IoStat(string folder)
    {
        var content = KernelFile.Read(Path.Combine(folder, "io.stat"));
        ulong read = 0, write = 0;
        Span<Range> fields = stackalloc Range[16];
        foreach (var range in content.Split((byte)'\n'))
        {
            var line = content[range];
            var count = KernelFile.SplitFields(line, fields);
            for (var i = 1; i < count; i++)
            {
                var field = line[fields[i]];
                if (field.StartsWith("rbytes="u8) && Utf8Parser.TryParse(field[7..], out ulong r, out _))
                {
                    read += r;
                }
                else if (field.StartsWith("wbytes="u8) && Utf8Parser.TryParse(field[7..], out ulong w, out _))
                {
                    write += w;
                }
            }
        }

        return (read, write);
    }

    /// <summary>Received and sent bytes per interface of <c>/proc/&lt;pid&gt;/net/dev</c>, loopback left out as the engine does.</summary>
    internal static Dictionary<string, NetworkStats>? NetDev(ReadOnlySpan<byte> content)
    {
        Dictionary<string, NetworkStats>? networks = null;
        Span<Range> fields = stackalloc Range[10];
        foreach (var range in content.Split((byte)'\n'))
        {
            var line = content[range];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue; // the two header lines
            }

            var name = line[..colon].Trim(" "u8);
            if (name.SequenceEqual("lo"u8))
            {
                continue;
            }

            // rx: bytes packets errs drop fifo frame compressed multicast, then tx: bytes …
            var values = line[(colon + 1)..];
            if (KernelFile.SplitFields(values, fields) >= 9
                && Utf8Parser.TryParse(values[fields[0]], out ulong rx, out _) && Utf8Parser.TryParse(values[fields[8]], out ulong tx, out _))
            {
                networks ??= new Dictionary<string, NetworkStats>(StringComparer.Ordinal);
                networks[System.Text.Encoding.ASCII.GetString(name)] = new NetworkStats { RxBytes = rx, TxBytes = tx };
            }
        }

        return networks;
    }
}
