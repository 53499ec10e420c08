using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Logs;

namespace WakeDock.EdgeAgent.Hosting;

/// <summary>
/// The standalone agent's small HTTP surface: <c>/health</c>, the Dapr subscription to the control
/// topic and its route, and <c>logs/{id}</c> for Dapr service invocation
/// (<c>/v1.0/invoke/wakedock-agent-&lt;host&gt;/method/logs/&lt;id&gt;</c>).
/// </summary>
public static class AgentEndpoints
{
    public const string LogsRoute = "/logs/{containerId}";
    public const string StateRoute = "/state";

    public static IEndpointRouteBuilder MapEdgeAgentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", Health);
        endpoints.MapGet(StateRoute, (IAgentControl control) => TypedResults.Json(control.State, AgentJsonContext.Default.AgentState));
        endpoints.MapGet("/dapr/subscribe", () => TypedResults.Json(
            new List<DaprSubscription> { new(PipelineNames.PubSub, PipelineNames.ControlTopic, PipelineNames.ControlRoute) },
            AgentJsonContext.Default.ListDaprSubscription));
        endpoints.MapPost(PipelineNames.ControlRoute, ReceiveCommandAsync);
        endpoints.MapGet(LogsRoute, ReadLogsAsync);
        return endpoints;
    }

    private static JsonHttpResult<AgentHealth> Health(IAgentControl control, DockerEngineClient docker)
        => TypedResults.Json(new AgentHealth("healthy", control.State, docker.ApiVersion), AgentJsonContext.Default.AgentHealth);

    private static async Task<Results<JsonHttpResult<DaprDeliveryStatus>, UnauthorizedHttpResult>> ReceiveCommandAsync(
        HttpRequest request, IAgentControl control, IOptions<AgentOptions> options, CancellationToken cancellationToken)
    {
        if (!Authorized(request, options.Value))
        {
            return TypedResults.Unauthorized();
        }

        CloudEvent<AgentCommand>? envelope;
        try
        {
            envelope = await JsonSerializer.DeserializeAsync(request.Body, WakeDockJson.Context.CloudEventAgentCommand, cancellationToken);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        // A malformed command will not get better with retries: DROP sends it to the dead letters.
        if (envelope?.Data is not { } command || envelope.Type != CloudEventTypes.AgentCommand)
        {
            return TypedResults.Json(new DaprDeliveryStatus("DROP"), AgentJsonContext.Default.DaprDeliveryStatus);
        }

        control.Apply(command);
        return TypedResults.Json(new DaprDeliveryStatus("SUCCESS"), AgentJsonContext.Default.DaprDeliveryStatus);
    }

    private static async Task<Results<JsonHttpResult<ContainerLogs>, NotFound, BadRequest<string>, UnauthorizedHttpResult>> ReadLogsAsync(
        string containerId, HttpRequest request, IContainerLogs logs, IOptions<AgentOptions> options, CancellationToken cancellationToken)
    {
        if (!Authorized(request, options.Value))
        {
            return TypedResults.Unauthorized();
        }

        var query = request.Query;
        int? tail = null;
        if (query["tail"] is { Count: > 0 } tailText)
        {
            if (!int.TryParse(tailText, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return TypedResults.BadRequest("tail must be a whole number");
            }

            tail = value;
        }

        DateTimeOffset? since = null;
        if (query["since"] is { Count: > 0 } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from))
            {
                return TypedResults.BadRequest("since must be an RFC 3339 time");
            }

            since = from;
        }

        var timestamps = query["timestamps"] is not { Count: > 0 } flag || flag.ToString() is not ("0" or "false");
        var result = await logs.ReadAsync(containerId, new ContainerLogQuery { Tail = tail, Since = since, Timestamps = timestamps }, cancellationToken);
        return result is null ? TypedResults.NotFound() : TypedResults.Json(result, AgentJsonContext.Default.ContainerLogs);
    }

    private static bool Authorized(HttpRequest request, AgentOptions options)
        => string.IsNullOrEmpty(options.AppApiToken)
           || (request.Headers.TryGetValue(Publishing.DaprPublisher.ApiTokenHeader, out var token) && token.ToString() == options.AppApiToken);
}
