using System.Text.Json.Serialization;

namespace WakeDock.Contracts;

/// <summary>What the control plane asks agents to do.</summary>
public enum AgentCommandKind
{
    /// <summary>Resume collection.</summary>
    [JsonStringEnumMemberName("start")] Start,

    /// <summary>Pause collection.</summary>
    [JsonStringEnumMemberName("stop")] Stop,

    /// <summary>Start the container <see cref="AgentCommand.ContainerId"/> (agents that allow container actions only).</summary>
    [JsonStringEnumMemberName("container_start")] ContainerStart,

    /// <summary>Stop the container <see cref="AgentCommand.ContainerId"/>, waiting <see cref="AgentCommand.WaitSeconds"/> before a kill.</summary>
    [JsonStringEnumMemberName("container_stop")] ContainerStop,

    /// <summary>Restart the container <see cref="AgentCommand.ContainerId"/>, waiting <see cref="AgentCommand.WaitSeconds"/> before a kill.</summary>
    [JsonStringEnumMemberName("container_restart")] ContainerRestart,
}

/// <summary>A command sent to agents on the control topic.</summary>
public sealed record AgentCommand
{
    /// <summary>Start or stop collection, or an action on one container.</summary>
    public required AgentCommandKind Command { get; init; }

    /// <summary>The host whose agent should obey; null for every agent.</summary>
    public string? Host { get; init; }

    /// <summary>When the command was issued; agents ignore commands older than the last one they applied.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The container of a container action (its full id); null for collection commands.</summary>
    public string? ContainerId { get; init; }

    /// <summary>Seconds the engine waits for the container to stop before killing it (stop, restart); null: the container's own default.</summary>
    public int? WaitSeconds { get; init; }

    /// <summary>Whether this is an action on a container rather than on collection.</summary>
    [JsonIgnore]
    public bool IsContainerAction => Command is AgentCommandKind.ContainerStart or AgentCommandKind.ContainerStop or AgentCommandKind.ContainerRestart;
}
