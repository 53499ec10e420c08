using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Control;

/// <summary>What may be done to a container.</summary>
public enum ContainerAction
{
    Start,
    Stop,
    Restart,
}

/// <summary>How a container action ended.</summary>
public enum ContainerActionResult
{
    /// <summary>The engine did it.</summary>
    Done,

    /// <summary>The container was already so (started, or stopped): the engine's 304.</summary>
    Unchanged,

    /// <summary>The engine knows no such container.</summary>
    NotFound,

    /// <summary>This agent does not allow container actions (<c>WakeDock:Agent:AllowContainerActions</c>).</summary>
    Refused,

    /// <summary>A command already applied, or older than one applied to the same container (redelivery).</summary>
    Stale,
}

/// <summary>The outcome of a container action, and whether the container runs after it (null when unknown).</summary>
public sealed record ContainerActionOutcome(ContainerActionResult Result, string ContainerId, bool? Running, string Detail);

/// <summary>The opt-in: section <c>WakeDock:Agent</c>, <c>AllowContainerActions</c> (false by default).</summary>
public sealed class ContainerActionOptions
{
    /// <summary>
    /// Whether the agent starts, stops and restarts containers when asked. Off, the agent never sends anything but GET
    /// requests to the engine; on, a socket proxy in front of it must allow POST on
    /// <c>/containers/{id}/start</c>, <c>/stop</c> and <c>/restart</c>.
    /// </summary>
    public bool AllowContainerActions { get; set; }
}

/// <summary>Starts, stops and restarts containers through the Engine API, when the operator allowed it.</summary>
public interface IContainerActions
{
    bool Allowed { get; }

    Task<ContainerActionOutcome> RunAsync(ContainerAction action, string containerId, int? waitSeconds, CancellationToken cancellationToken);

    /// <summary>A container action received on the control topic: applied unless an equal or newer one for the same container was.</summary>
    Task<ContainerActionOutcome> ApplyAsync(AgentCommand command, CancellationToken cancellationToken);
}

public sealed partial class ContainerActions(DockerEngineClient docker, IOptions<ContainerActionOptions> options, ILogger<ContainerActions> logger)
    : IContainerActions
{
    private const int RememberedContainers = 1024;

    public const string RefusedDetail =
        "Container actions are off on this agent: set WakeDock:Agent:AllowContainerActions=true to allow them (behind a socket proxy, allow POST on /containers/{id}/start, /stop and /restart too).";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastIssued = new(StringComparer.Ordinal);

    public bool Allowed => options.Value.AllowContainerActions;

    public static ContainerAction? ActionOf(AgentCommandKind kind) => kind switch
    {
        AgentCommandKind.ContainerStart => ContainerAction.Start,
        AgentCommandKind.ContainerStop => ContainerAction.Stop,
        AgentCommandKind.ContainerRestart => ContainerAction.Restart,
        _ => null,
    };

    public async Task<ContainerActionOutcome> RunAsync(ContainerAction action, string containerId, int? waitSeconds, CancellationToken cancellationToken)
    {
        var verb = action.ToString().ToLowerInvariant();
        if (!Allowed)
        {
            LogRefused(verb, containerId);
            return new ContainerActionOutcome(ContainerActionResult.Refused, containerId, null, RefusedDetail);
        }

        var status = await docker.PostContainerActionAsync(containerId, verb, action == ContainerAction.Start ? null : waitSeconds, cancellationToken);
        if (status == 404)
        {
            return new ContainerActionOutcome(ContainerActionResult.NotFound, containerId, null, $"No container '{containerId}' on this engine.");
        }

        var running = (await docker.InspectContainerAsync(containerId, cancellationToken))?.State?.Running;
        var result = status == 304 ? ContainerActionResult.Unchanged : ContainerActionResult.Done;
        LogDone(verb, containerId, result, running);
        return new ContainerActionOutcome(result, containerId, running,
            result == ContainerActionResult.Unchanged ? $"The container was already {(action == ContainerAction.Start ? "running" : "stopped")}." : $"{verb} done.");
    }

    public async Task<ContainerActionOutcome> ApplyAsync(AgentCommand command, CancellationToken cancellationToken)
    {
        if (ActionOf(command.Command) is not { } action || command.ContainerId is not { Length: > 0 } id)
        {
            throw new ArgumentException($"'{command.Command}' without a container id is not a container action.", nameof(command));
        }

        lock (_lock)
        {
            // At-least-once, unordered delivery: a redelivered or older action never runs after a newer one on the same container.
            if (_lastIssued.TryGetValue(id, out var last) && command.IssuedAt <= last)
            {
                return new ContainerActionOutcome(ContainerActionResult.Stale, id, null, "An equal or newer action on this container was applied already.");
            }

            if (_lastIssued.Count >= RememberedContainers)
            {
                _lastIssued.Remove(_lastIssued.MinBy(p => p.Value).Key);
            }

            _lastIssued[id] = command.IssuedAt;
        }

        try
        {
            return await RunAsync(action, id, command.WaitSeconds, cancellationToken);
        }
        catch
        {
            // Not carried out: its redelivery must not be taken for a repeat.
            lock (_lock)
            {
                if (_lastIssued.TryGetValue(id, out var last) && last == command.IssuedAt)
                {
                    _lastIssued.Remove(id);
                }
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to {Action} container {ContainerId}: container actions are off (WakeDock:Agent:AllowContainerActions=false)")]
    private partial void LogRefused(string action, string containerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Container {ContainerId}: {Action} {Result}, running {Running}")]
    private partial void LogDone(string action, string containerId, ContainerActionResult result, bool? running);
}

public static class ContainerActionServices
{
    /// <summary><see cref="IContainerActions"/> with its opt-in read from <c>WakeDock:Agent:AllowContainerActions</c>.</summary>
    public static IServiceCollection AddContainerActions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContainerActionOptions>().Bind(configuration.GetSection("WakeDock:Agent"));
        services.TryAddSingleton<IContainerActions, ContainerActions>();
        return services;
    }
}
