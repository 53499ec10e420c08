using WakeDock.Contracts;

namespace WakeDock.Pipeline.Thresholds;

/// <summary>One alert episode as kept in storage: firing, or pending a <c>for</c> duration, or waiting out a cooldown.</summary>
public sealed record EpisodeState(
    string Subject, MetricType Metric, string ContainerId, string? ContainerName, string? ServiceName, string? Host,
    string? Id, AlertLevel? Level, AlertLevel? PendingLevel, DateTimeOffset PendingSince, DateTimeOffset? CriticalSince,
    DateTimeOffset? ClearSince, double LastValue, DateTimeOffset LastSampleAt, double Threshold);

/// <summary>The recent starts of a container (restart-loop counting).</summary>
public sealed record RestartHistory(string ContainerId, IReadOnlyList<DateTimeOffset> Starts);

/// <summary>Everything the threshold evaluator knows of one Docker host's containers.</summary>
public sealed record HostEpisodes(IReadOnlyList<EpisodeState> Episodes, IReadOnlyList<RestartHistory> Starts)
{
    public static HostEpisodes None { get; } = new([], []);
}
