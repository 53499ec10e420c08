using System.Collections.Specialized;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Collection;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.Logs;
using WakeDock.EdgeAgent.Spool;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class AgentHttpSurfaceTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestMeterFactory _meters = new();
    private readonly DockerEngineClient _docker = new(DockerEndpoint.Parse("unix:///nonexistent/docker.sock"), TimeSpan.FromSeconds(1));
    private readonly AgentHttpSurface _surface;

    public AgentHttpSurfaceTests()
    {
        var options = Options.Create(new AgentOptions { AppApiToken = "token" });
        var control = new AgentControl(options, new MonitoredContainers(_meters.Metrics()),
            new BatchSpool(_folder.Path, 1024 * 1024, _meters.Metrics(), NullLogger<BatchSpool>.Instance), NullLogger<AgentControl>.Instance);
        _surface = new AgentHttpSurface(control, new NoLogs(), _docker, new EngineConnectivity(_docker, NullLogger<EngineConnectivity>.Instance), options);
    }

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

    private Task<AgentHttpResponse> SendAsync(string method, string path, string? token = null)
        => _surface.HandleAsync(method, path, [], token, new MemoryStream(Encoding.UTF8.GetBytes("{}")), TestContext.Current.CancellationToken);

    private sealed class NoLogs : IContainerLogs
    {
        public Task<ContainerLogs?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken)
            => Task.FromResult<ContainerLogs?>(null);
    }
}
