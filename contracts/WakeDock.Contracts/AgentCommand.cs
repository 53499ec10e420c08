using System.Text.Json.Serialization;

namespace WakeDock.Contracts;

/// <summary>What the control plane asks agents to do.</summary>
public enum AgentCommandKind
{
    /// <summary>Resume collection.</summary>
    [JsonStringEnumMemberName("start")] Start,

    /// <summary>Pause collection.</summary>
    [JsonStringEnumMemberName("stop")] Stop,
}

/// <summary>A command sent to agents on the control topic.</summary>
public sealed record AgentCommand
{
    /// <summary>Start or stop.</summary>
    public required AgentCommandKind Command { get; init; }

    /// <summary>The host whose agent should obey; null for every agent.</summary>
    public string? Host { get; init; }

    /// <summary>When the command was issued; agents ignore commands older than the last one they applied.</summary>
    public required DateTimeOffset IssuedAt { get; init; }
}
