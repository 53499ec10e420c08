using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using WakeDock.EdgeAgent.Cgroups;

namespace WakeDock.EdgeAgent.HostStats;

/// <summary>
/// Reads the Docker host's counters from its <c>/proc</c> (under <c>HostRoot</c> in a container) and the
/// statfs of its root and Docker's data root, the way node_exporter's collectors read them.
/// </summary>
public sealed partial class HostReader(string hostRoot, TimeProvider time)
{
    private readonly HostFiles _files = new(hostRoot);

    public string HostRoot => _files.HostRoot;

    /// <summary>Docker's data root as the engine names it (<c>DockerRootDir</c> of <c>/info</c>), once known.</summary>
    public string? DataRoot { get; set; }

    /// <summary>Whether the host's <c>/proc</c> is visible.</summary>
    public bool Available => File.Exists(Path.Combine(_files.ProcRoot, "stat"));

    public HostSnapshot Read()
    {
        var (total, cpus, boot) = ReadStat();
        var (load1, load5, load15) = ReadLoad();
        return new HostSnapshot(time.GetUtcNow(), total, cpus, load1, load5, load15, ReadMemory(), ReadFilesystems(), ReadDisks(), ReadNetworks(), boot,
            ReadUptime());
    }

    private (ulong[] Total, List<(string, ulong[])> Cpus, long Boot) ReadStat()
    {
        var content = KernelFile.Read(Path.Combine(_files.ProcRoot, "stat"));
        ulong[] total = new ulong[8];
        var cpus = new List<(string, ulong[])>();
        long boot = 0;
        Span<Range> fields = stackalloc Range[11];
        foreach (var range in content.Split((byte)'\n'))
        {
            var line = content[range];
            var count = KernelFile.SplitFields(line, fields);
            if (count < 2)
            {
                continue;
            }

            var name = line[fields[0]];
            if (name.StartsWith("cpu"u8))
            {
                var ticks = new ulong[8];
                for (var i = 0; i < 8 && i + 1 < count; i++)
                {
                    ticks[i] = Utf8Parser.TryParse(line[fields[i + 1]], out ulong value, out _) ? value : 0;
                }

                if (name.Length == 3)
                {
                    total = ticks;
                }
                else
                {
                    cpus.Add((Encoding.ASCII.GetString(name[3..]), ticks));
                }
            }
            else if (name.SequenceEqual("btime"u8) && Utf8Parser.TryParse(line[fields[1]], out long seconds, out _))
            {
                boot = seconds;
            }
        }

        return (total, cpus, boot);
    }

    private (double, double, double) ReadLoad()
    {
        var parts = Encoding.ASCII.GetString(KernelFile.Read(Path.Combine(_files.ProcRoot, "loadavg"))).Split(' ');
        return (Parse(parts[0]), Parse(parts[1]), Parse(parts[2]));
    }

    private double ReadUptime() => Parse(Encoding.ASCII.GetString(KernelFile.Read(Path.Combine(_files.ProcRoot, "uptime"))).Split(' ')[0]);

    /// <summary>Every line of <c>/proc/meminfo</c>, in bytes where the kernel says kB (as node_exporter's meminfo collector).</summary>
    private List<(string, ulong)> ReadMemory()
    {
        var memory = new List<(string, ulong)>(64);
        foreach (var line in Encoding.ASCII.GetString(KernelFile.Read(Path.Combine(_files.ProcRoot, "meminfo"))).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                memory.Add((parts[0].TrimEnd(':'), parts.Length == 3 && parts[2] == "kB" ? value * 1024 : value));
            }
        }

        return memory;
    }

    /// <summary>The root file system, and Docker's data root's when it is another one.</summary>
    private List<FilesystemSpace> ReadFilesystems()
    {
        var mounts = ReadMounts();
        var filesystems = new List<FilesystemSpace>(2);
        foreach (var (role, path) in new[] { ("root", "/"), ("data", DataRoot) })
        {
            if (path is null || MountOf(mounts, path) is not { } mount || filesystems.Exists(f => f.Mountpoint == mount.Mountpoint))
            {
                continue;
            }

            try
            {
                var drive = new DriveInfo(Path.Combine(_files.HostRoot, mount.Mountpoint.TrimStart('/')));
                filesystems.Add(new FilesystemSpace(role, mount.Mountpoint, mount.Device, mount.Fstype, (ulong)drive.TotalSize, (ulong)drive.TotalFreeSpace,
                    (ulong)drive.AvailableFreeSpace));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // not visible from here (a container without the host's root mounted): left out rather than guessed
            }
        }

        return filesystems;
    }

    private List<(string Device, string Mountpoint, string Fstype)> ReadMounts()
    {
        var path = Path.Combine(_files.ProcRoot, "1", "mounts");
        var text = File.Exists(path) ? Encoding.ASCII.GetString(KernelFile.Read(path)) : Encoding.ASCII.GetString(KernelFile.Read(Path.Combine(_files.ProcRoot, "mounts")));
        var mounts = new List<(string, string, string)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length >= 3)
            {
                // spaces and other characters in mount points are octal escapes (\040)
                mounts.Add((parts[0], Unescape(parts[1]), parts[2]));
            }
        }

        return mounts;
    }

    private static string Unescape(string field) => OctalEscape().Replace(field, m => ((char)Convert.ToInt32(m.Value[1..], 8)).ToString());

    /// <summary>The mount holding <paramref name="path"/>: the last mounted of the longest mount points above it.</summary>
    private static (string Device, string Mountpoint, string Fstype)? MountOf(List<(string Device, string Mountpoint, string Fstype)> mounts, string path)
    {
        (string, string, string)? best = null;
        var bestLength = -1;
        foreach (var mount in mounts)
        {
            var point = mount.Mountpoint;
            var above = point == "/" || path == point || path.StartsWith(point + "/", StringComparison.Ordinal);
            if (above && point.Length >= bestLength)
            {
                best = mount;
                bestLength = point.Length;
            }
        }

        return best;
    }

    private List<DiskCounters> ReadDisks()
    {
        var disks = new List<DiskCounters>();
        var content = KernelFile.Read(Path.Combine(_files.ProcRoot, "diskstats"));
        Span<Range> fields = stackalloc Range[14];
        Span<ulong> values = stackalloc ulong[11];
        foreach (var range in content.Split((byte)'\n'))
        {
            var line = content[range];
            if (KernelFile.SplitFields(line, fields) < 14)
            {
                continue;
            }

            var device = Encoding.ASCII.GetString(line[fields[2]]);
            if (ExcludedDisk().IsMatch(device))
            {
                continue;
            }

            for (var i = 0; i < 11; i++)
            {
                values[i] = Utf8Parser.TryParse(line[fields[i + 3]], out ulong value, out _) ? value : 0;
            }

            // reads, merged, sectors read, ms reading, writes, merged, sectors written, ms writing, in progress, ms doing I/O, weighted ms
            disks.Add(new DiskCounters(device, values[0], values[2], values[3], values[4], values[6], values[7], values[8], values[9], values[10]));
        }

        return disks;
    }

    /// <summary>The host's interfaces: those of pid 1's network namespace (a container's own <c>/proc/net</c> would be its own).</summary>
    private List<InterfaceCounters> ReadNetworks()
    {
        var path = Path.Combine(_files.ProcRoot, "1", "net", "dev");
        return NetDevFile.Parse(KernelFile.Read(File.Exists(path) ? path : Path.Combine(_files.ProcRoot, "net", "dev")));
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    // node_exporter's default --collector.diskstats.device-exclude: partitions, ram, loop and floppy devices
    [GeneratedRegex(@"^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$")]
    private static partial Regex ExcludedDisk();

    [GeneratedRegex(@"\\[0-7]{3}")]
    private static partial Regex OctalEscape();
}
