using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WakeDock.Contracts;
using WakeDock.Deployment.Tests.Support;

namespace WakeDock.Deployment.Tests.MultiHost;

/// <summary>The edge agent as a real process inside a host's namespace, publishing over HTTP to the functions host.</summary>
internal sealed partial class HostAgent : IDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    private HostAgent(TestHost host, string name, string dataDirectory, ChildProcess process)
    {
        Host = host;
        Name = name;
        DataDirectory = dataDirectory;
        _process = process;
    }

    public TestHost Host { get; }

    /// <summary>The host name the agent stamps on its samples.</summary>
    public string Name { get; }

    public string DataDirectory { get; }

    public Uri Surface => new($"http://{Host.HostAddress}:7072");

    public string Output => _process.Output;

    /// <summary>Batches waiting in the spool folder (one file each), read from the disk the namespaces share.</summary>
    public int SpoolFiles => Directory.Exists(Path.Combine(DataDirectory, "spool")) ? Directory.GetFiles(Path.Combine(DataDirectory, "spool"), "*.batch").Length : 0;

    public static async Task<HostAgent> StartAsync(TestHost host, string name, string dataDirectory, Uri ingestUrl, string agentKey, string dockerHost,
        CancellationToken cancellationToken)
    {
        var process = ChildProcess.StartDotnet($"agent {name}", Path.Combine(AppContext.BaseDirectory, "WakeDock.EdgeAgent.dll"), [],
            new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = dockerHost,
                ["WAKEDOCK_HOST_NAME"] = name,
                ["WAKEDOCK_METRICS_INTERVAL"] = "1",
                ["ASPNETCORE_URLS"] = $"http://{host.HostAddress}:7072",
                ["WakeDock__Agent__DataDirectory"] = dataDirectory,
                ["WakeDock__Agent__Publisher__Target"] = "Http",
                ["WakeDock__Agent__Publisher__IngestUrl"] = ingestUrl.ToString(),
                ["WakeDock__Agent__Publisher__AgentKey"] = agentKey,
                ["WakeDock__Agent__Publisher__TimeoutSeconds"] = "2",
                ["WakeDock__Agent__Spool__InitialBackoffSeconds"] = "0.5",
                ["WakeDock__Agent__Spool__MaxBackoffSeconds"] = "2",
            },
            prefix: host.Exec);
        var agent = new HostAgent(host, name, dataDirectory, process);
        await process.WaitHealthyAsync(new Uri(agent.Surface, "/health"), TimeSpan.FromSeconds(60), cancellationToken);
        return agent;
    }

    public async Task<JsonNode> StateAsync(CancellationToken cancellationToken)
        => JsonNode.Parse(await _http.GetStringAsync(new Uri(Surface, "/state"), cancellationToken))!;

    /// <summary><c>wakedock.agent.samples.collected</c> from the agent's /metrics: every sample it numbered.</summary>
    public async Task<long> SamplesCollectedAsync(CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync(new Uri(Surface, "/metrics"), cancellationToken);
        var match = SamplesCollected().Match(text);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Sends the control plane's <c>stop</c> command: collection pauses, delivery goes on.</summary>
    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        var command = new CloudEvent<AgentCommand>
        {
            Id = Guid.NewGuid().ToString(),
            Source = "wakedock://tests/multi-host",
            Type = CloudEventTypes.AgentCommand,
            Data = new AgentCommand { Command = AgentCommandKind.Stop, Host = Name, IssuedAt = DateTimeOffset.UtcNow },
        };
        using var content = JsonContent.Create(command, WakeDockJson.Context.CloudEventAgentCommand);
        using var response = await _http.PostAsync(new Uri(Surface, PipelineNames.ControlRoute), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || JsonDocument.Parse(body).RootElement.GetProperty("status").GetString() != "SUCCESS")
        {
            throw new InvalidOperationException($"{Name} refused the stop command: {(int)response.StatusCode} {body}");
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        _http.Dispose();
    }

    [GeneratedRegex(@"(?m)^wakedock_agent_samples_collected(?:_total)?(?:\{[^}]*\})? (\d+)")]
    private static partial Regex SamplesCollected();
}
