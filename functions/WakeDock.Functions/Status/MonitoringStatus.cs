using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Control;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Status;

/// <summary>The spec's status: <c>monitoring</c> and <c>websocket</c>, plus the mode and each host's last batch.</summary>
public sealed record MonitoringStatus(MonitoringState Monitoring, StreamConnectionCounts Websocket);

public sealed record MonitoringState(
    bool IsRunning, int MonitoredContainers, double CollectionInterval, int RetentionDays, string Mode, IReadOnlyList<HostState> Hosts);

/// <summary>A host whose agent delivered: when last, at what interval, and whether it still delivers (a batch within three intervals).</summary>
public sealed record HostState(string Host, DateTimeOffset LastBatch, double CollectionInterval, bool IsRunning);

/// <summary>
/// Reads the truth: embedded, the in-process agent's own state; distributed, what the agents deliver (an agent
/// sends a batch every interval, even an empty one, until it is stopped).
/// </summary>
public sealed class MonitoringStatusReader(
    IServiceProvider services, IngestActivity activity, ContainerDirectory containers, IStreamConnections streams, IOptions<WakeDockOptions> options, TimeProvider time)
{
    private const double RunningWithinIntervals = 3;
    private readonly IAgentControl? _agent = services.GetService<IAgentControl>();

    public string Mode => _agent is null ? "distributed" : "embedded";

    public AgentState? Agent => _agent?.State;

    /// <summary>The status as a caller of <paramref name="scope"/> may see it: its containers counted, the hosts they are on.</summary>
    public MonitoringStatus Read(ContainerScope? scope = null)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var listed = containers.List(null, null, null, scope);
        var visibleHosts = scope is null ? null : listed.Select(c => c.Host).ToHashSet(StringComparer.Ordinal);
        var hosts = activity.Hosts
            .Where(h => visibleHosts is null || visibleHosts.Contains(h.Host))
            .Select(h => new HostState(h.Host, h.LastBatchAt, h.IntervalSeconds, IsRecent(h.LastBatchAt, h.IntervalSeconds, now))).ToList();
        // One definition with /containers: a monitored container is one listed there as active.
        var monitored = listed.Count(c => c.Active);
        var state = _agent?.State is { } agent
            ? new MonitoringState(agent.IsRunning, monitored, agent.CollectionInterval, settings.Retention.MetricsDays, Mode, hosts)
            : new MonitoringState(hosts.Any(h => h.IsRunning), monitored, settings.Collection.IntervalSeconds, settings.Retention.MetricsDays, Mode, hosts);

        return new MonitoringStatus(state, streams.Counts);
    }

    /// <summary>Whether something stamped <paramref name="at"/> is within three collection intervals of now.</summary>
    public static bool IsRecent(DateTimeOffset at, double intervalSeconds, DateTimeOffset now)
        => now - at <= TimeSpan.FromSeconds(Math.Max(intervalSeconds, 1) * RunningWithinIntervals);
}
