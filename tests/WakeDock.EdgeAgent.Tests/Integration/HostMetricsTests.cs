using System.Text.RegularExpressions;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>The batch's host metrics on this machine, against what its <c>/proc</c> and statfs say, and their absence for a remote engine.</summary>
public sealed class HostMetricsTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task BatchesCarryThisHostsCpusMemoryRootFileSystemAndContainerCounts()
    {
        docker.Require();
        await docker.StartIdleAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1);

        var batch = await agent.Sink.WaitForAsync(b => b.Data!.HostMetrics is { CpuPercent: > 0, Containers.Running: > 0 }, what: "with host metrics over an interval");
        var host = batch.Data!.HostMetrics!;

        Assert.Equal(File.ReadLines("/proc/stat").Count(line => Regex.IsMatch(line, @"^cpu\d")), host.CpuCount);
        Assert.Equal(long.Parse(Regex.Match(File.ReadAllText("/proc/meminfo"), @"MemTotal:\s+(\d+) kB").Groups[1].Value) * 1024, host.MemoryTotalBytes);
        Assert.InRange(host.MemoryAvailableBytes, 1, host.MemoryTotalBytes);
        Assert.InRange(host.CpuPercent, 0.001, 100);
        var root = Assert.Single(host.Filesystems, f => f.Role == "root");
        Assert.Equal("/", root.Mountpoint);
        Assert.Equal(new DriveInfo("/").TotalSize, root.SizeBytes);
        Assert.InRange(root.UsedPercent, 0, 100);
        Assert.InRange(host.UptimeSeconds, 1, 1e9);
        Assert.InRange(host.BootTime, DateTimeOffset.UtcNow.AddSeconds(-host.UptimeSeconds - 60), DateTimeOffset.UtcNow.AddSeconds(-host.UptimeSeconds + 60));
        Assert.True(host.Load1 >= 0);
        Assert.True(host.CpuSeconds.Idle > 0 && host.CpuSeconds.User > 0);
        Assert.True(host.Containers!.Running >= 1);
    }

    [Fact]
    public async Task AnAgentReadingAnEngineOverTcpThroughTheApiOnlyReportsNoHost()
    {
        docker.Require();
        var idle = await docker.StartIdleAsync();
        await using var proxy = new GetOnlyDockerProxy(DockerEndpoint.Parse(docker.DockerHost).SocketPath!);
        await proxy.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(proxy.Address, intervalSeconds: 1, settings: SamplingAgainstDockerTests.Source("Engine"));

        var batch = await agent.Sink.WaitForAsync(b => SamplingAgainstDockerTests.Has(b, idle.Id));

        // tcp:// may be another machine: its host metrics would be this one's, so there are none
        Assert.Null(batch.Data!.HostMetrics);
    }
}
