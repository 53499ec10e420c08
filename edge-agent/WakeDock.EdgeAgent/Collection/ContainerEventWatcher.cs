using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Spool;

namespace WakeDock.EdgeAgent.Collection;

/// <summary>
/// Follows the engine's container events: a started container is monitored (and read once, so it
/// has a sample at the next tick), a stopped one is dropped, and every event goes into the next
/// batch. On every (re)connection the running containers are listed again, and the stream resumes
/// after the last event seen. Engine restarts and socket loss are waited out with backoff.
/// </summary>
public sealed partial class ContainerEventWatcher(
    DockerEngineClient docker,
    MonitoredContainers containers,
    ContainerDiscovery discovery,
    ContainerSampler sampler,
    CgroupStatsSource statsSource,
    EventInbox inbox,
    EngineConnectivity connectivity,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<ContainerEventWatcher> logger) : BackgroundService
{
    private readonly string _host = options.Value.HostName;
    private readonly string _endpoint = docker.Endpoint.ToString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new ReplayBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Random.Shared);
        long? since = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Events from before the listing are asked for too, so that none falls between the two.
                since ??= time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
                var info = await docker.GetInfoAsync(stoppingToken);
                LogConnected(info.ServerVersion ?? "?", docker.ApiVersion ?? "?", info.CgroupVersion ?? "?", info.Cpus, info.ContainersRunning, _endpoint,
                    statsSource.Enabled ? $"from the cgroup {info.CgroupVersion} files under {statsSource.CgroupRoot} (the Engine API for containers whose files are not visible)" : "through the Engine API");
                await discovery.ReconcileAsync(stoppingToken);
                connectivity.Succeeded();
                backoff.Reset();
                await foreach (var dockerEvent in docker.StreamEventsAsync(since, stoppingToken))
                {
                    since = Math.Max(since.Value, dockerEvent.TimeNano + 1);
                    Handle(dockerEvent, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (EngineConnectivity.IsOutage(e))
            {
                var delay = backoff.Next();
                connectivity.Failed(e, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Handle(DockerEvent dockerEvent, CancellationToken cancellationToken)
    {
        if (ToContainerEvent(dockerEvent, _host) is not { } containerEvent)
        {
            return;
        }

        switch (containerEvent.Action)
        {
            case "start":
                var attributes = dockerEvent.Actor?.Attributes;
                if (containers.Add(ContainerIdentity.From(containerEvent.ContainerId, containerEvent.ContainerName, containerEvent.Image, attributes)) is { } added)
                {
                    // Not awaited: the first reading waits for the engine's next collector tick, and a
                    // burst of starts must not hold up the events behind it.
                    _ = PrimeAsync(added, cancellationToken);
                }

                break;
            case "die" or "stop" or "destroy":
                containers.Remove(containerEvent.ContainerId);
                break;
        }

        inbox.Add(containerEvent);
    }

    private async Task PrimeAsync(MonitoredContainer container, CancellationToken cancellationToken)
    {
        try
        {
            await sampler.PrimeAsync([container], cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException || EngineConnectivity.IsOutage(e))
        {
            // The next collection takes the first reading instead.
        }
    }

    /// <summary>The contract's event for a Docker container event; null for anything else.</summary>
    public static ContainerEvent? ToContainerEvent(DockerEvent dockerEvent, string host)
    {
        if (dockerEvent is not { Type: "container", Action: { } action, Actor.Id: { } id })
        {
            return null;
        }

        // health_status actions read "health_status: unhealthy".
        string? health = null;
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            health = action[(colon + 1)..].Trim();
            action = action[..colon].Trim();
        }

        var attributes = dockerEvent.Actor.Attributes ?? new Dictionary<string, string>();
        return new ContainerEvent
        {
            ContainerId = id,
            ContainerName = attributes.GetValueOrDefault("name"),
            ServiceName = attributes.GetValueOrDefault(ContainerIdentity.ComposeServiceLabel),
            Image = attributes.GetValueOrDefault("image"),
            Host = host,
            Action = action,
            ExitCode = attributes.TryGetValue("exitCode", out var code) && int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exit)
                ? exit
                : null,
            HealthStatus = health,
            Timestamp = dockerEvent.TimeNano > 0
                ? DateTimeOffset.UnixEpoch.AddTicks(dockerEvent.TimeNano / 100)
                : DateTimeOffset.FromUnixTimeSeconds(dockerEvent.Time),
        };
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Following Docker {Version} (API {ApiVersion}, cgroup v{Cgroup}, {Cpus} CPUs, {Running} running containers) at {Endpoint}; container stats {StatsSource}")]
    private partial void LogConnected(string version, string apiVersion, string cgroup, int cpus, int running, string endpoint, string statsSource);
}
