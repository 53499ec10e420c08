using System.Text;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

/// <summary>
/// The cgroup v2 reader on a recorded host tree (<c>Recorded/cgroup-v2-host</c>: a systemd-driver container whose
/// files hold the values of <c>stats-v2-a.json</c>, and a cgroupfs-driver one seen from another cgroup namespace).
/// </summary>
public sealed class CgroupStatsReaderTests
{
    private const string SystemdContainer = "5f2b3c4d5e6f00000000000000000000000000000000000000000000000000aa";
    private const string CgroupfsContainer = "7a1b2c3d4e5f00000000000000000000000000000000000000000000000000bb";
    private const string MultiDeviceContainer = "3c4d5e6f7a8b00000000000000000000000000000000000000000000000000dd";
    private static readonly string HostRoot = Path.Combine(AppContext.BaseDirectory, "Recorded", "cgroup-v2-host");
    private static readonly DateTimeOffset Now = new(2025, 1, 16, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void TheRecordedTreeIsCgroupV2WithFourOnlineCpus()
    {
        var host = new HostFiles(HostRoot);

        Assert.Equal(CgroupVersion.V2, host.Version);
        Assert.Equal(new SystemCpu(100_000_000_000, 4), host.ReadSystemCpu());
        Assert.Equal(8047484UL * 1024, host.MachineMemory());
    }

    [Fact]
    public void ASystemdScopeReadsTheSameFiguresAsTheEngineGaveForItsFiles()
    {
        var host = new HostFiles(HostRoot);
        var cgroup = new CgroupLocator(host).Locate(Details(SystemdContainer, 4242, "bridge"))!;

        var files = new CgroupStatsReader(host.MachineMemory()).Read(cgroup, host.ReadSystemCpu(), Now);
        var engine = Recorded.Stats("stats-v2-a.json");

        Assert.Equal(engine.CpuStats!.CpuUsage!.TotalUsage, files.CpuStats!.CpuUsage!.TotalUsage);
        Assert.Equal(engine.CpuStats.SystemCpuUsage, files.CpuStats.SystemCpuUsage);
        Assert.Equal(engine.CpuStats.OnlineCpus, files.CpuStats.OnlineCpus);
        Assert.Equal(engine.MemoryStats!.Usage, files.MemoryStats!.Usage);
        Assert.Equal(engine.MemoryStats.Limit, files.MemoryStats.Limit);
        Assert.Equal(engine.MemoryStats.Stats!.InactiveFile, files.MemoryStats.Stats!.InactiveFile);
        Assert.Null(files.MemoryStats.Stats.TotalInactiveFile);
        Assert.Equal(engine.PidsStats!.Current, files.PidsStats!.Current);
        Assert.Equal(DockerCliFormulas.BlockIo(engine), DockerCliFormulas.BlockIo(files));
        Assert.Equal(DockerCliFormulas.NetworkTotals(engine), DockerCliFormulas.NetworkTotals(files));
        Assert.Equal(["eth0", "eth1"], files.Networks!.Keys.Order());
        Assert.Equal(DockerCliFormulas.MemoryUsage(engine.MemoryStats), DockerCliFormulas.MemoryUsage(files.MemoryStats));
        Assert.Equal(Now, files.Read);
    }

    [Fact]
    public void ACgroupfsContainerSeenFromAnotherNamespaceIsFoundByItsDriverPathAndItsUnlimitedMemoryIsTheHosts()
    {
        var host = new HostFiles(HostRoot);
        var cgroup = new CgroupLocator(host).Locate(Details(CgroupfsContainer, 5353, "none"))!;

        var files = new CgroupStatsReader(host.MachineMemory()).Read(cgroup, host.ReadSystemCpu(), Now);

        Assert.Equal(Path.Combine(host.CgroupRoot, "docker", CgroupfsContainer), cgroup.Cpu);
        Assert.Equal(250_000_000UL, files.CpuStats!.CpuUsage!.TotalUsage);
        Assert.Equal(8047484UL * 1024, files.MemoryStats!.Limit);
        Assert.Equal(8388608L - 1048576, DockerCliFormulas.MemoryUsage(files.MemoryStats));
        Assert.Equal((12288L, 4096L), DockerCliFormulas.BlockIo(files));
        Assert.Equal((0L, 0L), DockerCliFormulas.NetworkTotals(files)); // only lo under --network none
        Assert.Equal(2UL, files.PidsStats!.Current);
    }

    /// <summary>
    /// <c>io.stat</c> with four devices (two disks, a device-mapper volume on them, an NVMe disk), discards and the
    /// iocost and iolatency fields some kernels append. dockerd maps each line to a <c>read</c> (rbytes) and a
    /// <c>write</c> (wbytes) entry of <c>io_service_bytes_recursive</c> (<c>statsV2</c>; <c>stats-v2-multidevice.json</c> is
    /// written from that mapping, there is no cgroup v2 engine here) and the docker CLI sums every entry by its op
    /// (<c>calculateBlockIO</c>): all devices, the volume and the disks under it alike, discards never.
    /// </summary>
    [Fact]
    public void BlockIoOfSeveralDevicesIsSummedOverEveryDeviceAsDockerStatsSumsIt()
    {
        var host = new HostFiles(HostRoot);
        var cgroup = new CgroupLocator(host).Locate(Details(MultiDeviceContainer, 6464, "bridge"))!;

        var files = new CgroupStatsReader(host.MachineMemory()).Read(cgroup, host.ReadSystemCpu(), Now);
        var counters = ContainerCounters.Read(cgroup, HostRoot);

        const long read = 1073741824L + 4294967296L + 5368709120L + 7340032L;
        const long write = 536870912L + 12582912L + 549453824L + 0L;
        Assert.Equal((10_744_758_272L, 1_098_907_648L), (read, write));
        Assert.Equal((read, write), DockerCliFormulas.BlockIo(files));
        Assert.Equal((read, write), DockerCliFormulas.BlockIo(Recorded.Stats("stats-v2-multidevice.json")));
        Assert.Equal(
            [("8:0", 1073741824UL, 536870912UL), ("8:16", 4294967296UL, 12582912UL), ("253:0", 5368709120UL, 549453824UL), ("259:0", 7340032UL, 0UL)],
            counters.Devices);
    }

    [Fact]
    public void HostNetworkingCountsNoInterfacesAndAStoppedContainerIsNotFound()
    {
        var host = new HostFiles(HostRoot);
        var locator = new CgroupLocator(host);

        Assert.Null(locator.Locate(Details(SystemdContainer, 4242, "host"))!.NetDev);
        Assert.Null(locator.Locate(Details(SystemdContainer, 4242, "bridge") with { State = new DockerContainerState { Running = false, Pid = 0 } }));
        Assert.Null(locator.Locate(Details("0123456789ab00000000000000000000000000000000000000000000000000cc", 4242, "bridge")));
    }

    [Fact]
    public void AContainerWhoseFolderWentAwayThrowsNotFound()
    {
        var host = new HostFiles(HostRoot);
        var gone = ContainerCgroup.Unified(Path.Combine(host.CgroupRoot, "docker", "gone"), null);

        Assert.ThrowsAny<IOException>(() => new CgroupStatsReader(host.MachineMemory()).Read(gone, host.ReadSystemCpu(), Now));
    }

    [Fact]
    public void ProcStatCountsUserThroughSoftirqAsDockerdDoes()
    {
        var stat = "cpu  10 20 30 40 50 60 70 80 90 100\ncpu0 1 2 3 4 5 6 7 8 9 10\ncpu1 1 2 3 4 5 6 7 8 9 10\nintr 1\n"u8;

        // 10+20+30+40+50+60+70 ticks of 10 ms; steal (80) and the guests are left out
        Assert.Equal(new SystemCpu(280UL * 10_000_000, 2), SystemCpu.Parse(stat));
    }

    [Fact]
    public void NetDevSkipsTheHeadersAndLoopback()
    {
        var text = Encoding.ASCII.GetBytes(File.ReadAllText(Path.Combine(HostRoot, "proc", "4242", "net", "dev")));

        var networks = CgroupStatsReader.NetDev(text)!;

        Assert.Equal(1000UL, networks["eth0"].RxBytes);
        Assert.Equal(2000UL, networks["eth0"].TxBytes);
        Assert.False(networks.ContainsKey("lo"));
    }

    [Fact]
    public void CadvisorsCountersOfAV2ContainerComeFromItsFilesAsCadvisorReadsThem()
    {
        var host = new HostFiles(HostRoot);
        var cgroup = new CgroupLocator(host).Locate(Details(SystemdContainer, 4242, "bridge"))!;

        var counters = ContainerCounters.Read(cgroup, HostRoot);

        Assert.Equal($"/system.slice/docker-{SystemdContainer}.scope", cgroup.Id);
        Assert.Equal(1_000_000_000UL, counters.CpuNanoseconds);
        Assert.Equal((0.8, 0.2), (counters.UserSeconds, counters.SystemSeconds));
        Assert.Equal(104857600UL, counters.MemoryUsage);
        Assert.Equal(104857600UL - 20971520, counters.WorkingSet); // usage − inactive_file
        Assert.Equal((31457280UL, 73400320UL, 1048576UL, 4096000UL), (counters.Cache, counters.Rss, counters.Swap, counters.MappedFile));
        Assert.Equal(536870912UL, counters.MemoryLimit);
        Assert.Equal((50000L, 100000UL), (counters.CpuQuota, counters.CpuPeriod));
        Assert.Equal(2597UL, counters.CpuShares); // cAdvisor: 2 + (weight 100 − 1) × 262142 / 9999
        Assert.Equal(["eth0", "eth1"], counters.Interfaces.Select(i => i.Device));
        Assert.Equal([("8:0", 4096UL, 8192UL)], counters.Devices); // no /sys/dev/block in the recorded tree: the numbers stay
    }

    private static DockerContainerDetails Details(string id, int pid, string networkMode) => new()
    {
        Id = id,
        State = new DockerContainerState { Running = true, Pid = pid },
        HostConfig = new DockerHostConfig { NetworkMode = networkMode },
    };
}
