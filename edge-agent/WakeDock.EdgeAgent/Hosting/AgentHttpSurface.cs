using System.Collections.Specialized;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.HttpServer;
using WakeDock.EdgeAgent.Logs;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.ServiceDefaults.Prometheus;

namespace WakeDock.EdgeAgent.Hosting;

/// <summary>
/// The standalone agent's routes, independent of the server that carries them: <c>GET /health</c>,
/// <c>GET /state</c>, <c>GET /metrics</c> (Prometheus text), the Dapr subscription to the control topic (<c>GET /dapr/subscribe</c>) and its
/// route, and <c>GET /logs/{id}</c> for Dapr service invocation
/// (<c>/v1.0/invoke/wakedock-agent-&lt;host&gt;/method/logs/&lt;id&gt;</c>).
/// </summary>
public sealed class AgentHttpSurface(
    IAgentControl control, IContainerLogs logs, DockerEngineClient docker, EngineConnectivity engine, IOptions<AgentOptions> options,
    MeterPrometheusExporter? metrics = null, CgroupStatsSource? statsSource = null, IContainerActions? containerActions = null,
    ControlCommandReceiver? receiver = null) : IAgentHttpHandler
{
    public const string StateRoute = "/state";
    public const string LogsPrefix = "/logs/";

    private readonly AgentOptions _options = options.Value;
    private readonly ControlCommandReceiver _receiver = receiver ?? new ControlCommandReceiver(control, options, containerActions: containerActions);

    public async Task<AgentHttpResponse> HandleAsync(string method, string path, NameValueCollection query, string? apiToken, Stream body,
        CancellationToken cancellationToken)
    {
        var isGet = method is "GET" or "HEAD";
        switch (path)
        {
            case "/health" when isGet:
                return AgentHttpResponse.Json(new AgentHealth(engine.IsDown ? "degraded" : "healthy", control.State, docker.ApiVersion, statsSource?.Mode),
                    AgentJsonContext.Default.AgentHealth);
            case "/metrics" when isGet && metrics is not null:
                return new AgentHttpResponse(200, Encoding.UTF8.GetBytes(metrics.Collect()), PrometheusTextWriter.ContentType);
            case StateRoute when isGet:
                return AgentHttpResponse.Json(control.State, AgentJsonContext.Default.AgentState);
            case "/dapr/subscribe" when isGet:
                // Over gRPC the agent subscribes itself (DaprControlSubscription): a second subscription here would deliver every command twice.
                return AgentHttpResponse.Json(DaprControlSubscription.Enabled(_options) ? []
                        : [new DaprSubscription(PipelineNames.PubSub, PipelineNames.ControlTopic, PipelineNames.ControlRoute)],
                    AgentJsonContext.Default.ListDaprSubscription);
            case PipelineNames.ControlRoute when method == "POST":
                return Authorized(apiToken) ? await ReceiveCommandAsync(body, cancellationToken) : Unauthorized();
            default:
                if (isGet && path.StartsWith(LogsPrefix, StringComparison.Ordinal) && path.Length > LogsPrefix.Length)
                {
                    return Authorized(apiToken) ? await ReadLogsAsync(Uri.UnescapeDataString(path[LogsPrefix.Length..]), query, cancellationToken) : Unauthorized();
                }

                return AgentHttpResponse.Text(404, "not found");
        }
    }

    private async Task<AgentHttpResponse> ReceiveCommandAsync(Stream body, CancellationToken cancellationToken)
    {
        var status = await _receiver.ReceiveCloudEventAsync(body, cancellationToken);
        return AgentHttpResponse.Json(new DaprDeliveryStatus(status.ToString().ToUpperInvariant()), AgentJsonContext.Default.DaprDeliveryStatus);
    }

    private async Task<AgentHttpResponse> ReadLogsAsync(string containerId, NameValueCollection query, CancellationToken cancellationToken)
    {
        int? tail = null;
        if (query["tail"] is { } tailText)
        {
            if (!int.TryParse(tailText, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return AgentHttpResponse.Text(400, "tail must be a whole number");
            }

            tail = value;
        }

        DateTimeOffset? since = null;
        if (query["since"] is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from))
            {
                return AgentHttpResponse.Text(400, "since must be an RFC 3339 time");
            }

            since = from;
        }

        var timestamps = query["timestamps"] is not ("0" or "false");
        var result = await logs.ReadAsync(containerId, new ContainerLogQuery { Tail = tail, Since = since, Timestamps = timestamps }, cancellationToken);
        return result is null ? AgentHttpResponse.Text(404, "no such container") : AgentHttpResponse.Json(result, AgentJsonContext.Default.ContainerLogs);
    }

    private bool Authorized(string? token)
        => string.IsNullOrEmpty(_options.AppApiToken)
           || (token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(_options.AppApiToken)));

    private static AgentHttpResponse Unauthorized() => AgentHttpResponse.Text(401, $"{DaprPublisher.ApiTokenHeader} required");
}
