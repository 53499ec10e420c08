using System.Diagnostics;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.HostStats;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Sampling;

namespace WakeDock.EdgeAgent.Collection;

/// <summary>
/// One interval's work: list the containers again when due, sample them all, add the events seen,
/// number and wrap them as a batch, and hand it to the delivery pump. No batch when the engine is
/// unreachable: an empty batch would claim the host runs no containers.
/// </summary>
public sealed class CollectionCycle(
    ContainerDiscovery discovery,
    MonitoredContainers containers,
    ContainerSampler sampler,
    EventInbox inbox,
    BatchFactory batches,
    BatchOutbox outbox,
    EngineConnectivity connectivity,
    AgentControl control,
    AgentMetrics metrics,
    HostMonitor host,
    IOptions<AgentOptions> options,
    TimeProvider time) : ICollectionCycle
{
    private readonly TimeSpan _reconcileEvery = TimeSpan.FromSeconds(options.Value.ReconcileSeconds);
    private readonly TimeSpan _interval = options.Value.Interval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var collecting = AgentTracing.StartCollect();
        IReadOnlyList<ContainerSample> samples;
        try
        {
            if (discovery.LastReconciled is not { } last || time.GetUtcNow() - last >= _reconcileEvery)
            {
                await discovery.ReconcileAsync(cancellationToken);
            }

            samples = await sampler.SampleAsync(containers.Snapshot(), cancellationToken);
            connectivity.Succeeded();
        }
        catch (Exception e) when (EngineConnectivity.IsOutage(e) && !cancellationToken.IsCancellationRequested)
        {
            connectivity.Failed(e, _interval); // the next collection is the next try
            return;
        }

        var batch = batches.Create(samples, inbox.Drain(), host.Collect(sampler.ReadFromFiles > 0), sampler.Reads.Take());
        // counted once numbered, before the outbox: its batch may be published (and looked for) before WriteAsync returns
        metrics.SamplesCollected(samples.Count);
        await outbox.WriteAsync(batch, cancellationToken);
        metrics.CollectionFinished(Stopwatch.GetElapsedTime(started));
        control.CollectionFinished(time.GetUtcNow());
    }
}
