namespace WakeDock.Contracts;

/// <summary>A container lifecycle event read from the Docker event stream.</summary>
public sealed record ContainerEvent
{
    /// <summary>The container.</summary>
    public required string ContainerId { get; init; }

    /// <summary>Container name without the leading slash.</summary>
    public string? ContainerName { get; init; }

    /// <summary>The Docker Compose service of the container, if any.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The container's image.</summary>
    public string? Image { get; init; }

    /// <summary>The Docker host.</summary>
    public string? Host { get; init; }

    /// <summary>Docker's action: start, stop, die, oom, restart, destroy, or health_status.</summary>
    public required string Action { get; init; }

    /// <summary>The exit code, on <c>die</c>.</summary>
    public int? ExitCode { get; init; }

    /// <summary>healthy or unhealthy, on <c>health_status</c>.</summary>
    public string? HealthStatus { get; init; }

    /// <summary>When the engine emitted the event (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }
}
