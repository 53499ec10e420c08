namespace WakeDock.Contracts;

/// <summary>
/// An alert in the shape of the spec's alerts response, plus <see cref="Host"/>, <see cref="Id"/>
/// and <see cref="State"/>. One episode has one id: the firing record, escalations, and the
/// resolving record all carry it.
/// </summary>
public sealed record Alert
{
    /// <summary>Identifies the episode this record belongs to.</summary>
    public string? Id { get; init; }

    /// <summary>The container the alert is about (empty for host-level alerts).</summary>
    public required string ContainerId { get; init; }

    /// <summary>Container name without the leading slash.</summary>
    public string? ContainerName { get; init; }

    /// <summary>The Docker Compose service of the container, if any.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The Docker host.</summary>
    public string? Host { get; init; }

    /// <summary>When this record was raised (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Warning or critical.</summary>
    public AlertLevel Level { get; init; }

    /// <summary>Firing while the condition holds, resolved when it clears.</summary>
    public AlertState State { get; init; }

    /// <summary>What the alert is about.</summary>
    public MetricType? MetricType { get; init; }

    /// <summary>The observed value, in the unit of the metric.</summary>
    public double? Value { get; init; }

    /// <summary>The threshold that was crossed.</summary>
    public double? Threshold { get; init; }

    /// <summary>A human-readable sentence, as in the spec: <c>CPU critique: 95.0% (seuil: 90%)</c>.</summary>
    public string? Message { get; init; }

    /// <summary>In a grouped answer: how many episodes of this container and metric the window holds (null otherwise).</summary>
    public int? Occurrences { get; init; }

    /// <summary>In a grouped answer: when the first of those episodes was raised.</summary>
    public DateTimeOffset? FirstTimestamp { get; init; }

    /// <summary>In a grouped answer: when the last record of those episodes was written.</summary>
    public DateTimeOffset? LastTimestamp { get; init; }
}
