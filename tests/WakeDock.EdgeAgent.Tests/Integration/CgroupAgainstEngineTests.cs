using System.Diagnostics;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>
/// The same container read through the Engine API and from its cgroup files right after: the
/// engine reads the same files through containerd and the shim, so the counters agree, and the
/// moving ones (CPU) differ by no more than the time between the two readings allows.
/// </summary>
public sealed class CgroupAgainstEngineTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task EveryCounterOfTheFilesMatchesTheEnginesReadingOfTheSameMoment()
    {
        docker.Require();
        var network = await docker.CreateNetworkAsync();
        var holder = await docker.StartMemoryHolderAsync(megabytes: 32, runOptions: ["--network", network, "--memory", "256m"]);
        var burner = await docker.StartCpuBurnerAsync(runOptions: ["--network", network]);
        var holderAddress = (await docker.DockerAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", holder.Id)).Trim();
        await docker.DockerAsync("exec", burner.Id, "ping", "-c", "3", "-i", "0.2", "-s", "1000", holderAddress);
        using var engine = new DockerEngineClient(DockerEndpoint.Parse(docker.DockerHost), TimeSpan.FromSeconds(30));
        var files = new CgroupStatsSource(new AgentOptions());
        Assert.True(files.Enabled, "the host's cgroup files are visible to the tests");

        foreach (var container in new[] { holder, burner })
        {
            var cgroup = files.Locate((await engine.InspectContainerAsync(container.Id, TestContext.Current.CancellationToken))!);
            Assert.NotNull(cgroup);
            var started = Stopwatch.GetTimestamp();
            var fromEngine = (await engine.GetStatsAsync(container.Id, TestContext.Current.CancellationToken))!;
            var fromFiles = files.Read(cgroup, files.ReadSystemCpu(), DateTimeOffset.UtcNow);
            var between = Stopwatch.GetElapsedTime(started);

            // CPU moves between the readings: by at most the wall time on every online CPU
            var allowedNanoseconds = (ulong)(between.TotalMilliseconds * 1_000_000 * fromEngine.CpuStats!.OnlineCpus!.Value);
            Assert.InRange(fromFiles.CpuStats!.CpuUsage!.TotalUsage, fromEngine.CpuStats.CpuUsage!.TotalUsage,
                fromEngine.CpuStats.CpuUsage.TotalUsage + allowedNanoseconds);
            // /proc/stat counts in 10 ms ticks, so the host's usage may have moved by one tick more per CPU
            Assert.InRange(fromFiles.CpuStats.SystemCpuUsage!.Value, fromEngine.CpuStats.SystemCpuUsage!.Value,
                fromEngine.CpuStats.SystemCpuUsage.Value + allowedNanoseconds + (fromEngine.CpuStats.OnlineCpus.Value * 10_000_000UL));
            Assert.Equal(fromEngine.CpuStats.OnlineCpus, fromFiles.CpuStats.OnlineCpus);
            Assert.Equal(fromEngine.MemoryStats!.Limit, fromFiles.MemoryStats!.Limit);
            // a sleeping or spinning shell allocates nothing: the working set is the same page count
            Assert.InRange(DockerCliFormulas.MemoryUsage(fromFiles.MemoryStats), DockerCliFormulas.MemoryUsage(fromEngine.MemoryStats) - 65536,
                DockerCliFormulas.MemoryUsage(fromEngine.MemoryStats) + 65536);
            Assert.Equal(fromEngine.PidsStats!.Current, fromFiles.PidsStats!.Current);
            Assert.Equal(DockerCliFormulas.BlockIo(fromEngine), DockerCliFormulas.BlockIo(fromFiles));
            Assert.Equal(DockerCliFormulas.NetworkTotals(fromEngine), DockerCliFormulas.NetworkTotals(fromFiles));
            Assert.True(DockerCliFormulas.NetworkTotals(fromFiles).Rx > 3000, "the ping's bytes are counted");
        }

        var limited = files.Read(files.Locate((await engine.InspectContainerAsync(holder.Id, TestContext.Current.CancellationToken))!)!, files.ReadSystemCpu(), DateTimeOffset.UtcNow);
        Assert.Equal(256UL * 1024 * 1024, limited.MemoryStats!.Limit);
    }

    [Fact]
    public async Task AStoppedContainerLeavesTheMonitoredSetInCgroupMode()
    {
        docker.Require();
        var idle = await docker.StartIdleAsync();
        await using var agent = await Support.InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1);
        await agent.Sink.WaitForAsync(b => SamplingAgainstDockerTests.Has(b, idle.Id));
        var containers = agent.Get<Sampling.MonitoredContainers>();

        await docker.DockerAsync("stop", "-t", "0", idle.Id);

        await Eventually.TrueAsync(() => !containers.Contains(idle.Id), "the stopped container leaves the set");
        var after = agent.Sink.Count;
        await agent.Sink.WaitForAsync(_ => true, after: after + 1);
        Assert.DoesNotContain(agent.Sink.Batches.Skip(after + 1), b => SamplingAgainstDockerTests.Has(b, idle.Id));
    }
}
