namespace WakeDock.Contracts;

/// <summary>
/// Warning and critical levels for one metric, as the spec's thresholds endpoint writes them.
/// A threshold with a <see cref="ContainerId"/> or <see cref="ServiceName"/> overrides the global
/// one for that container or service.
/// </summary>
public sealed record Threshold
{
    /// <summary>The metric the levels apply to.</summary>
    public required MetricType MetricType { get; init; }

    /// <summary>Level that raises a warning alert.</summary>
    public double WarningThreshold { get; init; }

    /// <summary>Level that raises a critical alert; above the warning level.</summary>
    public double CriticalThreshold { get; init; }

    // set, not init: the JSON source generator resets init-only properties that a message leaves out, losing this default.
    /// <summary>Whether the threshold is evaluated.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long, in seconds, the value must stay above a level before the alert fires (Prometheus <c>for:</c>); 0 fires at once.</summary>
    public double ForSeconds { get; init; }

    /// <summary>The alert resolves once the value stays below the level minus this many percent of it.</summary>
    public double HysteresisPercent { get; set; } = 5;

    /// <summary>Set on a per-container override.</summary>
    public string? ContainerId { get; init; }

    /// <summary>Set on a per-service override.</summary>
    public string? ServiceName { get; init; }
}
