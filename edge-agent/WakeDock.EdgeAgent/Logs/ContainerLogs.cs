namespace WakeDock.EdgeAgent.Logs;

/// <summary>Which lines to read: the last <see cref="Tail"/> lines (capped by the agent), only those after <see cref="Since"/>.</summary>
public sealed record ContainerLogQuery
{
    public int? Tail { get; init; }
    public DateTimeOffset? Since { get; init; }

    /// <summary>Whether each line carries the engine's timestamp.</summary>
    public bool Timestamps { get; init; } = true;
}

/// <summary>One line of a container's output; <see cref="Stream"/> is <c>stdout</c> or <c>stderr</c> (a TTY container only has stdout).</summary>
public sealed record ContainerLogLine(string Stream, DateTimeOffset? Timestamp, string Text);

/// <summary>The lines read; <see cref="Truncated"/> when the line or byte cap cut them short.</summary>
public sealed record ContainerLogs(string ContainerId, IReadOnlyList<ContainerLogLine> Lines, bool Truncated);

/// <summary>Reads container logs for the API (embedded) or the logs method (Dapr service invocation).</summary>
public interface IContainerLogs
{
    /// <summary>The lines, or null when no such container exists.</summary>
    Task<ContainerLogs?> ReadAsync(string containerId, ContainerLogQuery query, CancellationToken cancellationToken);
}
