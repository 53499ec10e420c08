namespace WakeDock.Contracts;

/// <summary>
/// The data of one batch CloudEvent: what one agent collected in one interval. Sequence numbers
/// are those of its samples; a batch with no samples (only events) has <see cref="FirstSequence"/>
/// greater than <see cref="LastSequence"/>.
/// </summary>
public sealed record SampleBatch
{
    /// <summary>The Docker host of the agent.</summary>
    public required string Host { get; init; }

    /// <summary>The sequence number of the first sample.</summary>
    public long FirstSequence { get; init; }

    /// <summary>The sequence number of the last sample.</summary>
    public long LastSequence { get; init; }

    /// <summary>The agent's collection interval in seconds, so the pipeline knows when a host is silent.</summary>
    public double IntervalSeconds { get; init; }

    /// <summary>
    /// Container stats reads the agent attempted since its previous batch (rounds lost to an unreachable engine
    /// included); null from agents that do not count them.
    /// </summary>
    public int? ReadsAttempted { get; init; }

    /// <summary>Of <see cref="ReadsAttempted"/>, the reads that failed.</summary>
    public int? ReadsFailed { get; init; }

    // set, not init: the JSON source generator resets init-only properties that a message leaves out, losing this default.
    /// <summary>The samples, one per running container.</summary>
    public IReadOnlyList<ContainerSample> Samples { get; set; } = [];

    /// <summary>Lifecycle events seen during the interval.</summary>
    public IReadOnlyList<ContainerEvent> Events { get; set; } = [];

    /// <summary>The Docker host itself (CPU, load, memory, disks, network, uptime, containers by state); absent from agents that cannot see it.</summary>
    public HostMetrics? HostMetrics { get; init; }
}
