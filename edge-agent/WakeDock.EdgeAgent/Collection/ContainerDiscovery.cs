using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.HostStats;
using WakeDock.EdgeAgent.Sampling;

namespace WakeDock.EdgeAgent.Collection;

/// <summary>Lists the running containers, makes them the monitored set and takes a first reading of the new ones.</summary>
public sealed class ContainerDiscovery(
    DockerEngineClient docker, MonitoredContainers containers, ContainerSampler sampler, TimeProvider time, HostMonitor? host = null)
{
    public DateTimeOffset? LastReconciled { get; private set; }

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var running = await docker.ListContainersAsync(cancellationToken);
        var added = containers.Reconcile([.. running.Select(c => ContainerIdentity.From(c.Id, c.Names is { Count: > 0 } names ? names[0] : null, c.Image, c.Labels))]);
        LastReconciled = time.GetUtcNow();
        if (host is not null)
        {
            // the host metrics' container counts and Docker's data root, as fresh as the listing
            host.EngineInfoRead(await docker.GetInfoAsync(cancellationToken));
        }

        await sampler.PrimeAsync(added, cancellationToken);
    }
}
