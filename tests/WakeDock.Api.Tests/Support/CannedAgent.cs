using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net.Http.Headers;
using System.Web;
using Microsoft.Extensions.Logging.Abstractions;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.Logs;

namespace WakeDock.Api.Tests.Support;

/// <summary>
/// The agent's real HTTP surface (<see cref="AgentHttpSurface"/>) in this process, reached through an HttpClient, over
/// canned logs and a control that keeps what it was told: an agent for a sidecar to invoke without a Docker engine.
/// </summary>
internal sealed class CannedAgent : IAgentControl, IContainerLogs, IDisposable
{
    private readonly DockerEngineClient _docker = new(DockerEndpoint.Parse("unix:///nonexistent/docker.sock"), TimeSpan.FromSeconds(1));
    private readonly AgentHttpSurface _surface;

    public CannedAgent(string host, string appToken)
    {
        Host = host;
        _surface = new AgentHttpSurface(this, this, _docker, new EngineConnectivity(_docker, NullLogger<EngineConnectivity>.Instance),
            Microsoft.Extensions.Options.Options.Create(new AgentOptions { HostName = host, AppApiToken = appToken }));
    }

    public string Host { get; }

    /// <summary>The containers this agent knows, with what each wrote.</summary>
    public Dictionary<string, IReadOnlyList<ContainerLogLine>> Logs { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string ContainerId, ContainerLogQuery Query)> LogReads { get; } = new();

    public bool IsRunning { get; private set; } = true;

    public AgentState State => new()
    {
        IsRunning = IsRunning, Host = Host, MonitoredContainers = Logs.Count, CollectionInterval = 5, SpoolDepth = 0, SpoolBytes = 0, BatchesDropped = 0, PublisherTarget = "dapr",
    };

    public HttpClient Client() => new(new SurfaceHandler(_surface)) { BaseAddress = new Uri("http://agent.invalid") };

    public void PauseCollection() => IsRunning = false;

    public void ResumeCollection() => IsRunning = true;

    public CommandOutcome Apply(AgentCommand command)
    {
        if (command.Host is { } host && host != Host)
        {
            return CommandOutcome.OtherHost;
        }

        IsRunning = command.Command == AgentCommandKind.Start;
        return CommandOutcome.Applied;
    }

    public Task<ContainerLogs?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken)
    {
        LogReads.Enqueue((containerId, query));
        return Task.FromResult(Logs.TryGetValue(containerId, out var lines)
            ? new ContainerLogs(containerId, [.. lines.TakeLast(query.Tail ?? 100).Select(l => query.Timestamps ? l : l with { Timestamp = null })], false)
            : null);
    }

    public void Dispose() => _docker.Dispose();

    private sealed class SurfaceHandler(AgentHttpSurface surface) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? Stream.Null : await request.Content.ReadAsStreamAsync(cancellationToken);
            NameValueCollection query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var token = request.Headers.TryGetValues("dapr-api-token", out var values) ? values.First() : null;
            var answer = await surface.HandleAsync(request.Method.Method, request.RequestUri.AbsolutePath, query, token, body, cancellationToken);
            var content = new ByteArrayContent(answer.Body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(answer.ContentType);
            return new HttpResponseMessage((System.Net.HttpStatusCode)answer.StatusCode) { Content = content, RequestMessage = request };
        }
    }
}
