using Microsoft.AspNetCore.Http.HttpResults;
using WakeDock.Contracts;
using WakeDock.Functions.Security;

namespace WakeDock.Functions.Api;

/// <summary>
/// The answer to start and stop: embedded, applied (200) with the agent's new state; distributed, published to the
/// agents' control topic (202), which they obey within a delivery.
/// </summary>
public sealed record ControlResponse(string Command, string Mode, string? Host, DateTimeOffset IssuedAt, bool? IsRunning, string? Topic);

internal static class ControlApi
{
    private static readonly ApiParameters Target = new(ApiParameter.Text("host", "Only the agent of this Docker host (every agent by default)."));

    public static void MapControl(this RouteGroupBuilder api)
    {
        api.MapPost("/start", (HttpContext context, IAgentCommands agents, CancellationToken cancellationToken) => SendAsync(context, agents, AgentCommandKind.Start, cancellationToken))
            .WithName("StartMonitoring")
            .WithSummary("Resumes collection on every agent (or on one host's).")
            .WithMetadata(Target)
            .RequireAuthorization(WakeDockPolicies.Admin);
        api.MapPost("/stop", (HttpContext context, IAgentCommands agents, CancellationToken cancellationToken) => SendAsync(context, agents, AgentCommandKind.Stop, cancellationToken))
            .WithName("StopMonitoring")
            .WithSummary("Pauses collection on every agent (or on one host's); samples already stored stay queryable.")
            .WithMetadata(Target)
            .RequireAuthorization(WakeDockPolicies.Admin);
    }

    private static async Task<Results<Ok<ControlResponse>, Accepted<ControlResponse>>> SendAsync(
        HttpContext context, IAgentCommands agents, AgentCommandKind command, CancellationToken cancellationToken)
    {
        var host = ApiQuery.Of(context).Text("host");
        // A scoped key stops only what it alone sees: the agent of a host it holds whole.
        if (context.ScopeOf() is { } scope && (host is null || scope.Hosts.Count == 0 || !scope.AllowsHost(host)
                                               || scope.Services.Count + scope.Projects.Count + scope.Names.Count > 0))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "host",
                "This key is limited to some containers: it may start or stop only the agent of a host its scope holds whole (scope with Hosts only, and ?host= one of them).");
        }

        var name = WireNames.Name<AgentCommandKind>(command);
        var outcome = await agents.SendAsync(command, host, cancellationToken);
        return outcome.Applied
            ? TypedResults.Ok(new ControlResponse(name, agents.Mode, host, outcome.IssuedAt, outcome.IsRunning, null))
            : TypedResults.Accepted((string?)null, new ControlResponse(name, agents.Mode, host, outcome.IssuedAt, null, PipelineNames.ControlTopic));
    }
}
