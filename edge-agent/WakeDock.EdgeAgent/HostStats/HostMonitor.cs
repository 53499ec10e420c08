using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.HostStats;

/// <summary>
/// The Docker host's metrics for each batch, when the agent sees the host's <c>/proc</c> and is on
/// the engine's host: the engine on a unix socket, or the host's files mounted (<c>HostRoot</c>), or
/// containers found in the host's cgroup files. An agent reaching a remote engine reports none
/// rather than its own machine's. Container counts come from the engine's <c>/info</c> at each listing.
/// </summary>
public sealed class HostMonitor(IOptions<AgentOptions> options, DockerEngineClient docker, TimeProvider time)
{
    private readonly AgentOptions _options = options.Value;
    private readonly Lock _lock = new();
    private HostSnapshot? _previous;
    private HostContainerCounts? _containers;

    public HostReader Reader { get; } = new(options.Value.HostRoot, time);

    /// <summary>Whether the last collection reported the host (or, before any, whether it would on the engine's socket or the host's files alone).</summary>
    public bool Reporting { get; private set; } = options.Value.HostMetrics && (docker.Endpoint.SocketPath is not null || options.Value.HostRoot != "/");

    /// <summary>The engine's containers by state, from its last <c>/info</c>.</summary>
    public HostContainerCounts? Containers => _containers;

    /// <summary>Whether host metrics are reported (read again each time: it can become true once containers are found in the files).</summary>
    public bool IsOnEngineHost(bool containersFromFiles)
        => _options.HostMetrics && Reader.Available && (docker.Endpoint.SocketPath is not null || _options.HostRoot != "/" || containersFromFiles);

    /// <summary>What the engine's <c>/info</c> said: its data root and its containers by state.</summary>
    public void EngineInfoRead(DockerInfo info)
    {
        Reader.DataRoot = info.DockerRootDir;
        _containers = new HostContainerCounts { Running = info.ContainersRunning, Paused = info.ContainersPaused, Stopped = info.ContainersStopped };
    }

    /// <summary>This interval's host metrics, or null when not on the engine's host or the files could not be read.</summary>
    public HostMetrics? Collect(bool containersFromFiles)
    {
        Reporting = IsOnEngineHost(containersFromFiles);
        if (!Reporting)
        {
            return null;
        }

        try
        {
            var current = Reader.Read();
            lock (_lock)
            {
                var metrics = HostMetricsFactory.Create(current, _previous, _containers);
                _previous = current;
                return metrics;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
