using System.Text.Json;
using System.Text.Json.Nodes;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>
/// The agent's figures against the real engine and against <c>docker stats</c>, read from the cgroup
/// files (<c>Auto</c> on this host) and through the Engine API (<c>Engine</c>).
/// </summary>
public sealed class SamplingAgainstDockerTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Theory]
    [InlineData("Auto")]
    [InlineData("Engine")]
    public async Task ABurnerMatchesDockerStatsWithinTwentyPointsAndAnIdleContainerStaysUnderFive(string source)
    {
        docker.Require();
        var burner = await docker.StartCpuBurnerAsync();
        var idle = await docker.StartIdleAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, settings: Source(source));
        await agent.Sink.WaitForAsync(b => Has(b, burner.Id) && Has(b, idle.Id), what: "with both containers");

        // docker stats --no-stream compares two readings of the engine's one-second collector and
        // returns right after the second. At a 1 s interval the agent's readings come from the same
        // collector ticks: the samples read around the moment the CLI returned cover the same second.
        // On two cores shared with other test assemblies the burner's share moves by 20 points and more from one
        // second to the next, so three such seconds are compared, by their means.
        List<(DateTimeOffset Measured, double Cpu)> cli = [];
        for (var reading = 0; reading < 3; reading++)
        {
            var stats = await docker.CliStatsAsync(burner.Id);
            cli.Add((DateTimeOffset.UtcNow, stats.CpuPercent));
        }

        await agent.Sink.WaitForAsync(b => Has(b, burner.Id) && Sample(b, burner.Id).Timestamp > cli[^1].Measured.AddSeconds(1.5), what: "read after the CLI's");
        var burnerReadings = agent.Sink.Batches.Where(b => Has(b, burner.Id)).Select(b => Sample(b, burner.Id)).ToList();
        var agentMeans = cli.Select(c => burnerReadings.Where(s => Math.Abs((s.Timestamp - c.Measured).TotalSeconds) <= 1.5).Select(s => s.CpuPercent)
            .DefaultIfEmpty(double.NaN).Average()).ToList();
        Assert.InRange(agentMeans.Average(), cli.Average(c => c.Cpu) - 20, cli.Average(c => c.Cpu) + 20);

        var batch = agent.Sink.Batches.Where(b => Has(b, burner.Id) && Has(b, idle.Id))
            .MinBy(b => Math.Abs((Sample(b, burner.Id).Timestamp - cli[0].Measured).TotalSeconds))!;
        var burnerSample = Sample(batch, burner.Id);
        // the CLI comparison above is the measurement; this only says the burner is busy (over the same seconds: one of
        // its readings under load was under 1 %), which on two cores shared with other builds can be a tenth of a
        // core: clearly above the idle one, not above a fixed share
        Assert.InRange(Sample(batch, idle.Id).CpuPercent, 0, 5);
        Assert.InRange(agentMeans.Average(), Sample(batch, idle.Id).CpuPercent + 5, 210);
        Assert.Equal(1, Sample(batch, idle.Id).Pids);
        Assert.Equal(burner.Name, burnerSample.ContainerName);
        Assert.Equal(docker.Image, burnerSample.Image);
        Assert.Equal("test-host", burnerSample.Host);
        Assert.True(burnerSample.MemoryLimit > 0);
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Engine")]
    public async Task AContainerHoldingSixtyFourMebibytesReportsItWithinTenPercent(string source)
    {
        docker.Require();
        const long held = 64L * 1024 * 1024;
        var holder = await docker.StartMemoryHolderAsync(megabytes: 64);
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, settings: Source(source));

        var sample = Sample(await agent.Sink.WaitForAsync(b => Has(b, holder.Id)), holder.Id);
        var cli = await docker.CliStatsAsync(holder.Id);

        Assert.InRange(sample.MemoryUsage, held * 0.9, held * 1.1);
        Assert.InRange(sample.MemoryUsage, cli.MemoryUsageBytes * 0.9, cli.MemoryUsageBytes * 1.1);
        Assert.Equal(sample.MemoryUsage * 100.0 / sample.MemoryLimit, sample.MemoryPercent, 9);
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Engine")]
    public async Task NetworkCountersAndRatesGrowAfterTrafficOnAUserDefinedNetwork(string source)
    {
        docker.Require();
        var network = await docker.CreateNetworkAsync();
        var target = await docker.StartIdleAsync("target", ["--network", network]);
        var pinger = await docker.StartIdleAsync("pinger", ["--network", network]);
        var address = (await docker.DockerAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", target.Id)).Trim();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, settings: Source(source));
        var before = Sample(await agent.Sink.WaitForAsync(b => Has(b, target.Id)), target.Id);

        await docker.DockerAsync("exec", pinger.Id, "ping", "-c", "10", "-i", "0.2", "-s", "1000", address);
        var received = agent.Sink.Count;
        var after = Sample(await agent.Sink.WaitForAsync(b => Has(b, target.Id), after: received), target.Id);

        Assert.True(after.NetworkRxBytes >= before.NetworkRxBytes + (10 * 1000), $"rx {before.NetworkRxBytes} -> {after.NetworkRxBytes}");
        Assert.True(after.NetworkTxBytes >= before.NetworkTxBytes + (10 * 1000), $"tx {before.NetworkTxBytes} -> {after.NetworkTxBytes}");
        var rates = agent.Sink.Batches.Where(b => Has(b, target.Id)).Select(b => Sample(b, target.Id).NetworkRxBytesPerSec).ToList();
        Assert.Contains(rates, rate => rate > 1000);
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Engine")]
    public async Task UnderNetworkNoneTheCountersAreZeroAndStillWritten(string source)
    {
        docker.Require();
        var isolated = await docker.StartIdleAsync("isolated", ["--network", "none"]);
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, settings: Source(source));

        var sample = Sample(await agent.Sink.WaitForAsync(b => Has(b, isolated.Id)), isolated.Id);
        var json = JsonNode.Parse(JsonSerializer.Serialize(sample, WakeDockJson.Context.ContainerSample))!.AsObject();

        Assert.Equal(0, json["network_rx_bytes"]!.GetValue<long>());
        Assert.Equal(0, json["network_tx_bytes"]!.GetValue<long>());
        Assert.Equal(0, json["network_rx_bytes_per_sec"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Engine")]
    public async Task DockerApiLatencyAndCollectedSamplesAreMeasured(string source)
    {
        docker.Require();
        var idle = await docker.StartIdleAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, settings: Source(source));
        await agent.Sink.WaitForAsync(b => Has(b, idle.Id));
        // the sink holds the batch before the publisher, returning, counts it
        await Eventually.TrueAsync(() => Task.FromResult(agent.Meters.Sum("wakedock.agent.batches.published", "target", "inprocess") >= 1),
            TimeSpan.FromSeconds(10), "the published batch to be counted");

        Assert.True(agent.Meters.Count("wakedock.agent.docker.request.duration") > 0);
        Assert.True(agent.Meters.Sum("wakedock.agent.samples.collected") >= 1);
        Assert.True(agent.Meters.Observe("wakedock.agent.containers.monitored") >= 1);
        Assert.True(agent.Meters.Observe("wakedock.agent.stats.containers", "source", source == "Engine" ? "engine" : "cgroup") >= 1);
        Assert.Equal(0, agent.Meters.Observe("wakedock.agent.stats.containers", "source", source == "Engine" ? "cgroup" : "engine"));
        Assert.Equal(1, agent.Meters.Observe("wakedock.agent.stats.mode", "mode", source == "Engine" ? "engine" : HostCgroupMode));
    }

    private static string HostCgroupMode => new Cgroups.HostFiles("/").Version == Cgroups.CgroupVersion.V2 ? "cgroup-v2" : "cgroup-v1";

    internal static Dictionary<string, string?> Source(string source) => new() { ["WakeDock:Agent:StatsSource"] = source };

    internal static bool Has(CloudEvent<SampleBatch> batch, string id) => batch.Data!.Samples.Any(s => s.ContainerId == id);

    internal static ContainerSample Sample(CloudEvent<SampleBatch> batch, string id) => batch.Data!.Samples.Single(s => s.ContainerId == id);
}
