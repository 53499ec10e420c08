using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Logs;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;
using static WakeDock.EdgeAgent.Tests.Integration.SamplingAgainstDockerTests;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>The agent behind a proxy that lets only GET through, as docker-socket-proxy with POST=0.</summary>
public sealed class ReadOnlyProxyTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task SamplesEventsAndLogsWorkThroughAGetOnlyProxyThatRefusesEverythingElse()
    {
        docker.Require();
        var talker = await docker.StartAsync("talker", ["sh", "-c", "echo hello from the proxy test; exec sleep 3600"]);
        await using var proxy = new GetOnlyDockerProxy(DockerEndpoint.Parse(docker.DockerHost).SocketPath!);
        await proxy.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(proxy.Address, intervalSeconds: 1);

        await agent.Sink.WaitForAsync(b => Has(b, talker.Id));
        var late = await docker.StartAsync("late", ["sh", "-c", "sleep 2; exit 4"]);
        var died = await agent.Sink.WaitForAsync(b => b.Data!.Events.Any(e => e.ContainerId == late.Id && e.Action == "die"), what: "the die event through the proxy");
        var logs = await agent.Get<IContainerLogs>().ReadAsync(talker.Id, new ContainerLogQuery { Tail = 10 }, TestContext.Current.CancellationToken);

        Assert.Equal(4, died.Data!.Events.Single(e => e.ContainerId == late.Id && e.Action == "die").ExitCode);
        Assert.Contains(logs!.Lines, l => l.Text == "hello from the proxy test" && l.Stream == "stdout");
        Assert.All(proxy.Methods, method => Assert.Equal("GET", method));

        using var client = new HttpClient();
        using var refused = await client.PostAsync($"http://127.0.0.1:{proxy.Port}/v1.41/containers/{talker.Id}/stop", null, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task LosingTheSocketForAWhileIsSurvivedAndSamplingResumes()
    {
        docker.Require();
        var idle = await docker.StartIdleAsync();
        await using var proxy = new GetOnlyDockerProxy(DockerEndpoint.Parse(docker.DockerHost).SocketPath!);
        await proxy.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(proxy.Address, intervalSeconds: 1);
        await agent.Sink.WaitForAsync(b => Has(b, idle.Id));

        await proxy.StopAsync();
        await Task.Delay(3500, TestContext.Current.CancellationToken); // three intervals without an engine
        var duringOutage = agent.Sink.Count;
        await proxy.StartAsync();
        var back = await agent.Sink.WaitForAsync(b => Has(b, idle.Id), after: duringOutage, what: "samples after the socket came back");

        Assert.Equal(1, SampleOf(back).Pids);
        Assert.False(agent.Get<WakeDock.EdgeAgent.Docker.EngineConnectivity>().IsDown);

        WakeDock.Contracts.ContainerSample SampleOf(WakeDock.Contracts.CloudEvent<WakeDock.Contracts.SampleBatch> batch) => Sample(batch, idle.Id);
    }
}
