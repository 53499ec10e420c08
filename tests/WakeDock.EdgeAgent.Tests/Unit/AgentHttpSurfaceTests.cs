using System.Collections.Specialized;
using System.Text;
using System.Text.Json.Nodes;
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

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class AgentHttpSurfaceTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestMeterFactory _meters = new();
    private readonly DockerEngineClient _docker = new(DockerEndpoint.Parse("unix:///nonexistent/docker.sock"), TimeSpan.FromSeconds(1));
    private readonly AgentHttpSurface _surface;

    public AgentHttpSurfaceTests() => _surface = Surface(new AgentOptions { AppApiToken = "token" });

    [Theory]
    [InlineData("GET", "/nowhere")]
    [InlineData("GET", PipelineNames.ControlRoute)]
    [InlineData("POST", "/health")]
    [InlineData("DELETE", "/logs/abc")]
    [InlineData("GET", "/logs/")]
    [InlineData("GET", "/metrics")] // no exporter registered
    public async Task AnythingButTheRoutesIsNotFound(string method, string path)
        => Assert.Equal(404, (await SendAsync(method, path, token: "token")).StatusCode);

    [Fact]
    public async Task TheSubscriptionUsesDaprsFieldNames()
    {
        var answer = await SendAsync("GET", "/dapr/subscribe");
        var subscription = JsonNode.Parse(answer.Body)!.AsArray().Single()!.AsObject();

        Assert.Equal(["pubsubname", "topic", "route"], subscription.Select(p => p.Key));
    }

    [Theory]
    [InlineData(PublisherTarget.DaprGrpc, true, 0)]
    [InlineData(PublisherTarget.DaprGrpc, false, 1)]
    [InlineData(PublisherTarget.Dapr, true, 1)]
    public async Task OverGrpcTheAgentSubscribesOnItsStreamAndListsNoHttpSubscription(PublisherTarget target, bool controlStream, int subscriptions)
    {
        var surface = Surface(new AgentOptions { Publisher = new PublisherOptions { Target = target, ControlStream = controlStream } });

        var answer = await surface.HandleAsync("GET", "/dapr/subscribe", [], null, new MemoryStream(), TestContext.Current.CancellationToken);

        Assert.Equal(subscriptions, JsonNode.Parse(answer.Body)!.AsArray().Count);
    }

    [Fact]
    public async Task AContainerActionTheEngineCannotTakeIsAnsweredRetryOnTheHttpRouteToo()
    {
        var options = new AgentOptions { HostName = "h" };
        var actions = new ContainerActions(_docker, Options.Create(new ContainerActionOptions { AllowContainerActions = true }), NullLogger<ContainerActions>.Instance);
        var surface = Surface(options, actions);
        var command = new CloudEvent<AgentCommand>
        {
            Id = "c-1", Source = "wakedock://test", Type = CloudEventTypes.AgentCommand, Time = DateTimeOffset.UtcNow,
            Data = new AgentCommand { Command = AgentCommandKind.ContainerStop, Host = "h", IssuedAt = DateTimeOffset.UtcNow, ContainerId = "0123456789ab" },
        };

        var answer = await surface.HandleAsync("POST", PipelineNames.ControlRoute, [], null,
            new MemoryStream(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(command, WakeDockJson.Context.CloudEventAgentCommand)), TestContext.Current.CancellationToken);

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("RETRY", JsonNode.Parse(answer.Body)!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"com.example.other\",\"data\":{}}")]
    public async Task AnInvalidDeliveryIsDropped(string body)
    {
        var answer = await _surface.HandleAsync("POST", PipelineNames.ControlRoute, [], "token", new MemoryStream(Encoding.UTF8.GetBytes(body)),
            TestContext.Current.CancellationToken);

        Assert.Equal("DROP", JsonNode.Parse(answer.Body)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithAnAppTokenTheLogsMethodNeedsItAndHealthDoesNot()
    {
        Assert.Equal(401, (await SendAsync("GET", "/logs/abc")).StatusCode);
        Assert.Equal(401, (await SendAsync("GET", "/logs/abc", token: "wrong")).StatusCode);
        Assert.Equal(404, (await SendAsync("GET", "/logs/abc", token: "token")).StatusCode); // NoLogs knows no container
        Assert.Equal(200, (await SendAsync("GET", "/health")).StatusCode);
    }

    public void Dispose()
    {
        _docker.Dispose();
        _meters.Dispose();
        _folder.Dispose();
    }

    private AgentHttpSurface Surface(AgentOptions settings, IContainerActions? actions = null)
    {
        var options = Options.Create(settings);
        var control = new AgentControl(options, new MonitoredContainers(_meters.Metrics()),
            new BatchSpool(_folder.Path, 1024 * 1024, _meters.Metrics(), NullLogger<BatchSpool>.Instance), NullLogger<AgentControl>.Instance);
        return new AgentHttpSurface(control, new NoLogs(), _docker, new EngineConnectivity(_docker, NullLogger<EngineConnectivity>.Instance), options,
            containerActions: actions);
    }

    private Task<AgentHttpResponse> SendAsync(string method, string path, string? token = null)
        => _surface.HandleAsync(method, path, [], token, new MemoryStream(Encoding.UTF8.GetBytes("{}")), TestContext.Current.CancellationToken);

    private sealed class NoLogs : IContainerLogs
    {
        public Task<ContainerLogs?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken)
            => Task.FromResult<ContainerLogs?>(null);
    }
}
