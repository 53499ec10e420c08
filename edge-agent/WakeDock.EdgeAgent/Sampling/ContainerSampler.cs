using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Sampling;

/// <summary>
/// Reads every monitored container once and turns the readings into samples against each
/// container's previous reading: from its cgroup files when they were located at its start (one
/// thread, no engine work), else through the Engine API concurrently within a bound. A container
/// that failed is skipped and the others go on; one that stopped is dropped; an unreachable engine
/// fails the whole round.
/// </summary>
public sealed partial class ContainerSampler(
    DockerEngineClient docker, MonitoredContainers containers, CgroupStatsSource cgroups, AgentMetrics metrics, IOptions<AgentOptions> options,
    TimeProvider time, ILogger<ContainerSampler> logger)
{
    private readonly AgentOptions _options = options.Value;

    /// <summary>How many containers the last round read from their cgroup files.</summary>
    public int ReadFromFiles { get; private set; }

    /// <summary>Reads attempted and failed since the last batch took them.</summary>
    public ReadTally Reads { get; } = new();

    /// <summary>Samples of the containers that have a previous reading; the others get one for next time.</summary>
    public async Task<IReadOnlyList<ContainerSample>> SampleAsync(IReadOnlyList<MonitoredContainer> monitored, CancellationToken cancellationToken)
    {
        var samples = new ContainerSample?[monitored.Count];
        // A reading this old is no baseline for "CPU now": collection was paused in between.
        var stale = TimeSpan.FromSeconds((_options.IntervalSeconds * 3) + 15);
        void Take(int index, DockerStats? stats)
        {
            if (stats is null)
            {
                return;
            }

            var container = monitored[index];
            var previous = container.Previous;
            var reading = StatsReading.From(stats);
            container.Previous = reading;
            if (previous is not null && stats.Read - previous.Read <= stale && stats.Read > previous.Read)
            {
                samples[index] = SampleFactory.Create(container.Identity, _options.HostName, stats, reading, previous);
            }
        }

        List<int>? throughEngine = null;
        var fromFiles = 0;
        var system = cgroups.Enabled ? cgroups.ReadSystemCpu() : default;
        for (var index = 0; index < monitored.Count; index++)
        {
            if (monitored[index] is { Cgroup: { } cgroup } container)
            {
                Reads.Count(1, 0);
                Take(index, ReadFiles(container, cgroup, system));
                fromFiles++;
            }
            else
            {
                (throughEngine ??= []).Add(index);
            }
        }

        ReadFromFiles = fromFiles;
        metrics.StatsSourcesChanged(fromFiles, throughEngine?.Count ?? 0);
        if (throughEngine is not null)
        {
            await Parallel.ForEachAsync(throughEngine,
                new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
                async (index, token) => Take(index, await ReadAsync(monitored[index], token)));
        }

        return [.. samples.OfType<ContainerSample>()];
    }

    /// <summary>Locates new containers' cgroup files and takes their first reading, so that they have a sample at the next tick.</summary>
    public async Task PrimeAsync(IEnumerable<MonitoredContainer> added, CancellationToken cancellationToken)
        => await Parallel.ForEachAsync(added,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (container, token) =>
            {
                if (await ReadAsync(container, token) is { } stats)
                {
                    container.Previous = StatsReading.From(stats);
                }
            });

    private async Task<DockerStats?> ReadAsync(MonitoredContainer container, CancellationToken cancellationToken)
    {
        try
        {
            Reads.Count(1, 0);
            if (cgroups.Enabled && !container.Located)
            {
                var details = await docker.InspectContainerAsync(container.Identity.Id, cancellationToken);
                if (details is null)
                {
                    containers.Remove(container.Identity.Id);
                    return null;
                }

                container.Cgroup = cgroups.Locate(details);
                container.Located = true;
                if (container.Cgroup is { } located)
                {
                    return ReadFiles(container, located, cgroups.ReadSystemCpu());
                }
            }

            var stats = await docker.GetStatsAsync(container.Identity.Id, cancellationToken);
            Recovered(container);
            if (stats is null || DockerCliFormulas.IsNotRunning(stats))
            {
                containers.Remove(container.Identity.Id);
                return null;
            }

            return stats;
        }
        catch (DockerUnavailableException)
        {
            Reads.Count(0, 1);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Reads.Count(0, 1);
            Failed(container, e);
            return null;
        }
    }

    private DockerStats? ReadFiles(MonitoredContainer container, ContainerCgroup cgroup, SystemCpu system)
    {
        try
        {
            var stats = cgroups.Read(cgroup, system, time.GetUtcNow());
            Recovered(container);
            return stats;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException || (e is IOException && !Directory.Exists(cgroup.Cpu)))
        {
            // the container's cgroup went away with it: it stopped (its events say so too)
            containers.Remove(container.Identity.Id);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            Failed(container, e);
            return null;
        }
    }

    private void Recovered(MonitoredContainer container)
    {
        if (Interlocked.Exchange(ref container.Failing, 0) == 1)
        {
            LogContainerRecovered(container.Identity.Name ?? container.Identity.Id);
        }
    }

    private void Failed(MonitoredContainer container, Exception e)
    {
        if (Interlocked.Exchange(ref container.Failing, 1) == 0)
        {
            LogContainerFailed(container.Identity.Name ?? container.Identity.Id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the stats of {Container}: {Reason}; the other containers go on, and it is tried again every interval")]
    private partial void LogContainerFailed(string container, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The stats of {Container} can be read again")]
    private partial void LogContainerRecovered(string container);
}
