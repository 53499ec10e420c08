using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Control;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;

namespace WakeDock.Functions.Api;

/// <summary>
/// The answer to a container action: embedded, applied (200) with its result (<c>done</c>, <c>unchanged</c>) and whether
/// the container runs now; distributed, published to the control topic (202) for the agent of the container's host.
/// </summary>
public sealed record ContainerActionResponse(
    string Action, string ContainerId, string? ContainerName, string? Host, string Mode, DateTimeOffset IssuedAt,
    string? Result, bool? Running, string? Detail, string? Topic);

/// <summary>
/// What the caller may do to a container: whether its agent allows actions (<c>null</c>: not known here, the distributed
/// agents decide) and the caller's role; the dashboard shows the buttons from it.
/// </summary>
public sealed record ContainerActionsInfo(string ContainerId, string? Host, string Mode, bool? Allowed, string Role, string? Reason);

/// <summary>Container actions sent to the agent of the container's host.</summary>
public interface IContainerCommands
{
    string Mode { get; }

    /// <summary>Whether the agent of the container's host performs them and why not; null when this host cannot tell (distributed).</summary>
    (bool? Allowed, string? Reason) AllowedFor(ContainerEntry container);

    Task<ContainerActionResponse> SendAsync(ContainerAction action, ContainerEntry container, int waitSeconds, CancellationToken cancellationToken);
}

/// <summary>Embedded: the agent in this process acts at once; a refusal (actions off) is a 409 naming <c>action</c>.</summary>
internal sealed class EmbeddedContainerCommands(IContainerActions actions, IAgentControl agent, TimeProvider time) : IContainerCommands
{
    public string Mode => "embedded";

    public (bool? Allowed, string? Reason) AllowedFor(ContainerEntry container)
        => OtherHost(container) is { } reason ? (false, reason) : actions.Allowed ? (true, null) : (false, ContainerActions.RefusedDetail);

    /// <summary>A container another agent reports to this host (over the ingest) is not the embedded agent's to touch.</summary>
    private string? OtherHost(ContainerEntry container)
        => container.Host is { } host && !string.Equals(host, agent.State.Host, StringComparison.OrdinalIgnoreCase)
            ? $"Container '{container.ContainerId}' runs on host '{host}'; this host's embedded agent acts on the containers of '{agent.State.Host}' only."
            : null;

    public async Task<ContainerActionResponse> SendAsync(ContainerAction action, ContainerEntry container, int waitSeconds, CancellationToken cancellationToken)
    {
        if (OtherHost(container) is { } otherHost)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "id", otherHost);
        }

        var issued = time.GetUtcNow();
        var outcome = await actions.RunAsync(action, container.ContainerId, waitSeconds, cancellationToken);
        return outcome.Result switch
        {
            ContainerActionResult.Refused => throw new ApiProblemException(StatusCodes.Status409Conflict, "action", outcome.Detail),
            ContainerActionResult.NotFound => throw ContainerIds.Unknown(container.ContainerId),
            _ => new ContainerActionResponse(ContainerActionsApi.Name(action), container.ContainerId, container.ContainerName, container.Host, Mode, issued,
                outcome.Result == ContainerActionResult.Unchanged ? "unchanged" : "done", outcome.Running, outcome.Detail, null),
        };
    }
}

/// <summary>Distributed: an <see cref="AgentCommand"/> for the container's host on the control topic; its agent decides (and logs a refusal).</summary>
internal sealed class DaprContainerCommands(DaprAgentCommands agents) : IContainerCommands
{
    public string Mode => "distributed";

    public (bool? Allowed, string? Reason) AllowedFor(ContainerEntry container) => (null, null);

    public async Task<ContainerActionResponse> SendAsync(ContainerAction action, ContainerEntry container, int waitSeconds, CancellationToken cancellationToken)
    {
        if (container.Host is null)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "id", $"Container '{container.ContainerId}' has no host in its samples: no agent to ask.");
        }

        var kind = action switch
        {
            ContainerAction.Start => AgentCommandKind.ContainerStart,
            ContainerAction.Stop => AgentCommandKind.ContainerStop,
            _ => AgentCommandKind.ContainerRestart,
        };
        var issued = await agents.PublishAsync(at => new AgentCommand
        {
            Command = kind,
            Host = container.Host,
            IssuedAt = at,
            ContainerId = container.ContainerId,
            WaitSeconds = action == ContainerAction.Start ? null : waitSeconds,
        }, cancellationToken);
        return new ContainerActionResponse(ContainerActionsApi.Name(action), container.ContainerId, container.ContainerName, container.Host, Mode, issued,
            null, null, null, PipelineNames.ControlTopic);
    }
}

/// <summary>How long stop and restart let the container stop before the engine kills it.</summary>
public sealed record ContainerWait
{
    [FromQuery(Name = "t"), DefaultValue(ContainerActionsApi.DefaultWaitSeconds), Range(0, ContainerActionsApi.MaxWaitSeconds),
     Description("Seconds the engine waits for the container to stop before killing it.")]
    public int? Seconds { get; init; }
}

internal static class ContainerActionsApi
{
    public const int DefaultWaitSeconds = 10;
    public const int MaxWaitSeconds = 300;

    public static string Name(ContainerAction action) => action.ToString().ToLowerInvariant();

    public static void MapContainerActions(this RouteGroupBuilder api)
    {
        api.MapGet("/containers/{id}/actions", Describe)
            .WithName("GetContainerActions")
            .WithSummary("Whether the agent of the container's host allows start, stop and restart, and whether this key may ask (admin).");
        Map(api.MapPost("/containers/{id}/start", (HttpContext context, IContainerCommands commands, ContainerDirectory directory, [FromRoute] string id)
                => SendAsync(context, commands, directory, ContainerAction.Start, id, DefaultWaitSeconds)),
            "StartContainer", "Starts a stopped container (admin; the agent must allow container actions).");
        Map(api.MapPost("/containers/{id}/stop", ([AsParameters] ContainerWait wait, HttpContext context, IContainerCommands commands, ContainerDirectory directory, [FromRoute] string id)
                => SendAsync(context, commands, directory, ContainerAction.Stop, id, wait.Seconds ?? DefaultWaitSeconds)),
            "StopContainer", "Stops a container, killing it after t seconds (admin; the agent must allow container actions).");
        Map(api.MapPost("/containers/{id}/restart", ([AsParameters] ContainerWait wait, HttpContext context, IContainerCommands commands, ContainerDirectory directory, [FromRoute] string id)
                => SendAsync(context, commands, directory, ContainerAction.Restart, id, wait.Seconds ?? DefaultWaitSeconds)),
            "RestartContainer", "Restarts a container, killing it after t seconds if it does not stop (admin; the agent must allow container actions).");
    }

    private static void Map(RouteHandlerBuilder endpoint, string name, string summary)
        => endpoint
            .WithName(name)
            .WithSummary(summary)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(WakeDockPolicies.Admin);

    private static Task<Results<Results<Ok<ContainerActionResponse>, Accepted<ContainerActionResponse>>, ValidationProblem, ProblemHttpResult>> SendAsync(
        HttpContext context, IContainerCommands commands, ContainerDirectory directory, ContainerAction action, string id, int wait)
        => ApiProblem.AnswerAsync<Results<Ok<ContainerActionResponse>, Accepted<ContainerActionResponse>>>(async () =>
        {
            // A scoped key acts on the containers it can see only; any other is unknown to it, as for /containers/{id}.
            var container = directory.Find(ContainerIds.Check(id), context.ScopeOf()) ?? throw ContainerIds.Unknown(id);
            var answer = await commands.SendAsync(action, container, wait, context.RequestAborted);
            return answer.Topic is null ? TypedResults.Ok(answer) : TypedResults.Accepted((string?)null, answer);
        });

    private static Results<Ok<ContainerActionsInfo>, ValidationProblem, ProblemHttpResult> Describe(
        HttpContext context, IContainerCommands commands, ContainerDirectory directory, [FromRoute] string id)
        => ApiProblem.Answer(() =>
        {
            var container = directory.Find(ContainerIds.Check(id), context.ScopeOf()) ?? throw ContainerIds.Unknown(id);
            var role = context.User.IsInRole(ApiKeyRing.RoleAdmin) ? ApiKeyRing.RoleAdmin : ApiKeyRing.RoleReader;
            var (allowed, reason) = commands.AllowedFor(container);
            return TypedResults.Ok(new ContainerActionsInfo(container.ContainerId, container.Host, commands.Mode, allowed, role, reason));
        });
}
