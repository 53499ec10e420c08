using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.HttpServer;
using WakeDock.EdgeAgent.Logs;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Spool;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>
/// Container actions as the distributed agent receives them (an <see cref="AgentCommand"/> delivered by Dapr to the
/// control route), performed on the real engine only when the agent allows them.
/// </summary>
public sealed class ContainerActionCommandTests(DockerFixture docker) : IClassFixture<DockerFixture>, IDisposable
{
    private const string HostName = "action-host";
    private readonly TempDirectory _folder = new();
    private readonly TestMeterFactory _meters = new();
    private readonly DockerEngineClient _client = new(DockerEndpoint.Parse(docker.DockerHost), TimeSpan.FromSeconds(20));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AgentHttpSurface Surface(bool allowActions)
    {
        var options = Options.Create(new AgentOptions { AppApiToken = "token", HostName = HostName });
        var control = new AgentControl(options, new MonitoredContainers(_meters.Metrics()),
            new BatchSpool(_folder.Path, 1024 * 1024, _meters.Metrics(), NullLogger<BatchSpool>.Instance), NullLogger<AgentControl>.Instance);
        var actions = new ContainerActions(_client, Options.Create(new ContainerActionOptions { AllowContainerActions = allowActions }), NullLogger<ContainerActions>.Instance);
        return new AgentHttpSurface(control, new NoLogs(), _client, new EngineConnectivity(_client, NullLogger<EngineConnectivity>.Instance), options,
            containerActions: actions);
    }

    private static Task<AgentHttpResponse> DeliverAsync(AgentHttpSurface surface, AgentCommandKind kind, string containerId, DateTimeOffset issued, string host = HostName)
    {
        var envelope = new CloudEvent<AgentCommand>
        {
            Id = Guid.NewGuid().ToString(),
            Source = "wakedock://test",
            Type = CloudEventTypes.AgentCommand,
            Time = issued,
            Data = new AgentCommand { Command = kind, Host = host, IssuedAt = issued, ContainerId = containerId, WaitSeconds = 1 },
        };
        return surface.HandleAsync("POST", PipelineNames.ControlRoute, [], "token",
            new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(envelope, WakeDockJson.Context.CloudEventAgentCommand)), Ct);
    }

    private async Task<bool> RunningAsync(TestContainer container)
        => (await docker.DockerAsync("inspect", "-f", "{{.State.Running}}", container.Id)).Trim() == "true";

    [Fact]
    public async Task AnAllowedStopStopsTheContainerAndARedeliveryOrAnotherHostsCommandDoesNothing()
    {
        docker.Require();
        var target = await docker.StartIdleAsync("agent-actions");
        var surface = Surface(allowActions: true);
        var t0 = DateTimeOffset.UtcNow;

        var stop = await DeliverAsync(surface, AgentCommandKind.ContainerStop, target.Id, t0);
        var stopped = !await RunningAsync(target);
        await docker.DockerAsync("start", target.Id);
        var redelivered = await DeliverAsync(surface, AgentCommandKind.ContainerStop, target.Id, t0);
        var otherHost = await DeliverAsync(surface, AgentCommandKind.ContainerStop, target.Id, t0.AddSeconds(1), host: "elsewhere");
        var runningAfterBoth = await RunningAsync(target);
        await DeliverAsync(surface, AgentCommandKind.ContainerRestart, target.Id, t0.AddSeconds(2));

        Assert.Equal(200, stop.StatusCode);
        Assert.Contains("SUCCESS", System.Text.Encoding.UTF8.GetString(stop.Body), StringComparison.Ordinal);
        Assert.True(stopped);
        Assert.Equal(200, redelivered.StatusCode);
        Assert.Equal(200, otherHost.StatusCode);
        Assert.True(runningAfterBoth);
        Assert.True(await RunningAsync(target));
    }

    [Fact]
    public async Task WithoutTheOptInTheAgentLeavesTheContainerAndCollectionAlone()
    {
        docker.Require();
        var target = await docker.StartIdleAsync("agent-actions-off");
        var surface = Surface(allowActions: false);

        var answer = await DeliverAsync(surface, AgentCommandKind.ContainerStop, target.Id, DateTimeOffset.UtcNow);
        var health = JsonDocument.Parse((await surface.HandleAsync("GET", AgentHttpSurface.StateRoute, [], null, new MemoryStream(), Ct)).Body);

        Assert.Equal(200, answer.StatusCode);
        Assert.True(await RunningAsync(target));
        Assert.True(health.RootElement.GetProperty("is_running").GetBoolean());
    }

    public void Dispose()
    {
        _client.Dispose();
        _meters.Dispose();
        _folder.Dispose();
    }

    private sealed class NoLogs : IContainerLogs
    {
        public Task<ContainerLogs?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken)
            => Task.FromResult<ContainerLogs?>(null);
    }
}
