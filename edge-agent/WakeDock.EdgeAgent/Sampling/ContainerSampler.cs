using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Collection;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Hosting;

namespace WakeDock.EdgeAgent.Sampling;

/// <summary>
/// Reads every monitored container once, concurrently within a bound, and turns the readings into
/// samples against each container's previous reading. A container that failed is skipped and the
/// others go on; one that stopped is dropped; an unreachable engine fails the whole round.
/// </summary>
public sealed partial class ContainerSampler(
    DockerEngineClient docker, MonitoredContainers containers, IOptions<AgentOptions> options, ILogger<ContainerSampler> logger)
{
    private readonly AgentOptions _options = options.Value;

    /// <summary>Reads attempted and failed since the last batch took them.</summary>
    public ReadTally Reads { get; } = new();

    /// <summary>Samples of the containers that have a previous reading; the others get one for next time.</summary>
    public async Task<IReadOnlyList<ContainerSample>> SampleAsync(IReadOnlyList<MonitoredContainer> monitored, CancellationToken cancellationToken)
    {
        var samples = new ContainerSample?[monitored.Count];
        // A reading this old is no baseline for "CPU now": collection was paused in between.
        var stale = TimeSpan.FromSeconds((_options.IntervalSeconds * 3) + 15);
        await Parallel.ForEachAsync(Enumerable.Range(0, monitored.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var container = monitored[index];
                if (await ReadAsync(container, token) is not { } stats)
                {
                    return;
                }

                var previous = container.Previous;
                var reading = StatsReading.From(stats);
                container.Previous = reading;
                if (previous is not null && stats.Read - previous.Read <= stale && stats.Read > previous.Read)
                {
                    samples[index] = SampleFactory.Create(container.Identity, _options.HostName, stats, reading, previous);
                }
            });

        return [.. samples.OfType<ContainerSample>()];
    }

    /// <summary>Takes the first reading of new containers, so that they have a sample at the next tick.</summary>
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
            var stats = await docker.GetStatsAsync(container.Identity.Id, cancellationToken);
            if (Interlocked.Exchange(ref container.Failing, 0) == 1)
            {
                LogContainerRecovered(container.Identity.Name ?? container.Identity.Id);
            }

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
            if (Interlocked.Exchange(ref container.Failing, 1) == 0)
            {
                LogContainerFailed(container.Identity.Name ?? container.Identity.Id, e.Message);
            }

            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the stats of {Container}: {Reason}; the other containers go on, and it is tried again every interval")]
    private partial void LogContainerFailed(string container, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The stats of {Container} can be read again")]
    private partial void LogContainerRecovered(string container);
}
