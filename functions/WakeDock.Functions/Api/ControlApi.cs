using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;

namespace WakeDock.Functions.Api;

/// <summary>
/// The answer to start and stop: embedded, applied (200) with the agent's new state; distributed, published to the
/// agents' control topic (202), which they obey within a delivery.
/// </summary>
public sealed record ControlResponse(string Command, string Mode, string? Host, DateTimeOffset IssuedAt, bool? IsRunning, string? Topic);

/// <summary>Which agent start and stop address: one host's, or every agent.</summary>
public sealed record AgentTarget
{
    [FromQuery(Name = "host"), Description("Only the agent of this Docker host (every agent by default).")]
    public string? Host { get; init; }
}

internal static class ControlApi
{
    public static void MapControl(this RouteGroupBuilder api)
    {
        api.MapPost("/start", ([AsParameters] AgentTarget target, HttpContext context, IAgentCommands agents, CancellationToken cancellationToken) => SendAsync(target, context, agents, AgentCommandKind.Start, cancellationToken))
            .WithName("StartMonitoring")
            .WithSummary("Resumes collection on every agent (or on one host's).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(WakeDockPolicies.Admin);
        api.MapPost("/stop", ([AsParameters] AgentTarget target, HttpContext context, IAgentCommands agents, CancellationToken cancellationToken) => SendAsync(target, context, agents, AgentCommandKind.Stop, cancellationToken))
            .WithName("StopMonitoring")
            .WithSummary("Pauses collection on every agent (or on one host's); samples already stored stay queryable.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(WakeDockPolicies.Admin);
    }

    private static async Task<Results<Ok<ControlResponse>, Accepted<ControlResponse>, ProblemHttpResult>> SendAsync(
        AgentTarget target, HttpContext context, IAgentCommands agents, AgentCommandKind command, CancellationToken cancellationToken)
    {
        var host = target.Host;
        // A scoped key stops only what it alone sees: the agent of a host it holds whole.
        if (context.ScopeOf() is { } scope && (host is null || scope.Hosts.Count == 0 || !scope.AllowsHost(host)
                                               || scope.Services.Count + scope.Projects.Count + scope.Names.Count > 0))
        {
            return ApiProblem.Problem(StatusCodes.Status403Forbidden, "host",
                "This key is limited to some containers: it may start or stop only the agent of a host its scope holds whole (scope with Hosts only, and ?host= one of them).");
        }

        var name = WireNames.Of<AgentCommandKind>(command);
        var outcome = await agents.SendAsync(command, host, cancellationToken);
        return outcome.Applied
            ? TypedResults.Ok(new ControlResponse(name, agents.Mode, host, outcome.IssuedAt, outcome.IsRunning, null))
            : TypedResults.Accepted((string?)null, new ControlResponse(name, agents.Mode, host, outcome.IssuedAt, null, PipelineNames.ControlTopic));
    }
}
