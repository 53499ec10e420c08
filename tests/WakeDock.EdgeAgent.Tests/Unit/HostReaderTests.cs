using WakeDock.Contracts;
using WakeDock.EdgeAgent.HostStats;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Unit;

/// <summary>The host reader and the batch's host metrics on the recorded host tree (<c>Recorded/cgroup-v2-host/proc</c>).</summary>
public sealed class HostReaderTests
{
    private static readonly string HostRoot = Path.Combine(AppContext.BaseDirectory, "Recorded", "cgroup-v2-host");

    [Fact]
    public void TheRecordedHostReadsIntoNodeExporterShapedCounters()
    {
        var reader = new HostReader(HostRoot, new ManualTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero))) { DataRoot = "/var/lib/docker" };

        var snapshot = reader.Read();

        Assert.Equal(["0", "1", "2", "3"], snapshot.Cpus.Select(c => c.Cpu));
        Assert.Equal([6000UL, 0, 2000, 1500, 300, 100, 100, 50], snapshot.TotalCpuTicks);
        Assert.Equal((0.52, 0.58, 0.59), (snapshot.Load1, snapshot.Load5, snapshot.Load15));
        Assert.Equal(8047484UL * 1024, snapshot.MemoryField("MemTotal"));
        Assert.Equal(2097148UL * 1024, snapshot.MemoryField("SwapFree"));
        // whole disks only: partitions (sda1, nvme0n1p1) and loop devices are left out as node_exporter does
        Assert.Equal(["sda", "nvme0n1"], snapshot.Disks.Select(d => d.Device));
        Assert.Equal(["lo", "ens3"], snapshot.Networks.Select(n => n.Device));
        Assert.Equal(1736995200, snapshot.BootTimeSeconds);
        Assert.Equal(201600.5, snapshot.UptimeSeconds);
        Assert.Equal([("root", "/", "/dev/sda1", "ext4"), ("data", "/var/lib/docker", "/dev/nvme0n1p1", "xfs")],
            snapshot.Filesystems.Select(f => (f.Role, f.Mountpoint, f.Device, f.Fstype)));
        Assert.All(snapshot.Filesystems, f => Assert.True(f.Size > 0 && f.Available <= f.Free && f.Free <= f.Size));
    }

    [Fact]
    public void TheBatchsHostMetricsTakeCpuPercentOverTheIntervalAndLeaveLoopbackOut()
    {
        var reader = new HostReader(HostRoot, TimeProvider.System);
        var previous = reader.Read() with { TotalCpuTicks = [5000, 0, 1500, 1000, 200, 100, 100, 50] };
        var current = reader.Read();

        var metrics = HostMetricsFactory.Create(current, previous, new HostContainerCounts { Running = 3, Paused = 0, Stopped = 2 });

        // Δ: user 1000, system 500, idle 500, iowait 100 → busy 1500 of 2100 ticks
        Assert.Equal(1500.0 / 2100 * 100, metrics.CpuPercent, 9);
        Assert.Equal(60.0, metrics.CpuSeconds.User);
        Assert.Equal(15.0, metrics.CpuSeconds.Idle);
        Assert.Equal(4, metrics.CpuCount);
        Assert.Equal("ens3", Assert.Single(metrics.Networks).Device);
        Assert.Equal(9000000, metrics.Networks[0].RxBytes);
        Assert.Equal(20000L * 512, metrics.Disks.Single(d => d.Device == "sda").ReadBytes);
        Assert.Equal(1.8, metrics.Disks.Single(d => d.Device == "sda").IoTimeSeconds, 9);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1736995200), metrics.BootTime);
        Assert.Equal(3, metrics.Containers!.Running);
    }

    [Fact]
    public void UsedPercentIsDfsUsedOverUsedPlusAvailable()
    {
        // 100 blocks, 30 free of which 5 reserved for root: 70 used of 95 usable
        Assert.Equal(70.0 / 95 * 100, HostMetricsFactory.UsedPercent(new FilesystemSpace("root", "/", "/dev/sda1", "ext4", 100, 30, 25)), 9);
    }
}
