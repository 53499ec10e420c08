using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Control;

/// <summary>What the agent is doing, in the shape of the spec's monitoring status.</summary>
public sealed record AgentState
{
    public required bool IsRunning { get; init; }
    public required string Host { get; init; }
    public required int MonitoredContainers { get; init; }
    public required double CollectionInterval { get; init; }
    public DateTimeOffset? LastCollection { get; init; }
    public required int SpoolDepth { get; init; }
    public required long SpoolBytes { get; init; }
    public required long BatchesDropped { get; init; }
    public required string PublisherTarget { get; init; }
}

/// <summary>How the agent took a command.</summary>
public enum CommandOutcome
{
    Applied,
    OtherHost,
    Stale,

    /// <summary>An action on a container: <see cref="IContainerActions"/> takes it, collection is left as it is.</summary>
    NotCollection,
}

/// <summary>
/// Pause and resume collection and read the agent's state. Embedded, the host's API calls it;
/// distributed, commands arrive on the control topic and go through <see cref="Apply"/>.
/// </summary>
public interface IAgentControl
{
    AgentState State { get; }

    void PauseCollection();

    void ResumeCollection();

    /// <summary>Obeys a command meant for this host (or every host) unless an equal or newer one was applied already.</summary>
    CommandOutcome Apply(AgentCommand command);
}
