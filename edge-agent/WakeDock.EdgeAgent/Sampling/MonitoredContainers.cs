using System.Collections.Concurrent;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Diagnostics;

namespace WakeDock.EdgeAgent.Sampling;

/// <summary>A running container the agent samples, with its previous stats reading for the deltas.</summary>
public sealed class MonitoredContainer(ContainerIdentity identity)
{
    public ContainerIdentity Identity { get; } = identity;

    public StatsReading? Previous { get; set; }

    /// <summary>Its cgroup files, once located from its inspect; null when it is read through the Engine API.</summary>
    public ContainerCgroup? Cgroup { get; set; }

    /// <summary>Whether its files were looked for (once, at its start).</summary>
    public bool Located { get; set; }

    /// <summary>1 while its stats cannot be read, so that a container that keeps failing is reported once, not every interval.</summary>
    internal int Failing;
}

/// <summary>The running containers, kept current by the event stream and by periodic listings.</summary>
public sealed class MonitoredContainers(AgentMetrics metrics)
{
    private readonly ConcurrentDictionary<string, MonitoredContainer> _containers = new(StringComparer.Ordinal);

    public int Count => _containers.Count;

    public bool Contains(string id) => _containers.ContainsKey(id);

    /// <summary>Adds a container; returns it when it was not monitored yet, null otherwise.</summary>
    public MonitoredContainer? Add(ContainerIdentity identity)
    {
        var container = new MonitoredContainer(identity);
        var added = _containers.TryAdd(identity.Id, container);
        metrics.MonitoredContainersChanged(_containers.Count);
        return added ? container : null;
    }

    public bool Remove(string id)
    {
        var removed = _containers.TryRemove(id, out _);
        metrics.MonitoredContainersChanged(_containers.Count);
        return removed;
    }

    /// <summary>Makes the set equal to <paramref name="running"/>; returns the containers that were not monitored before.</summary>
    public IReadOnlyList<MonitoredContainer> Reconcile(IReadOnlyCollection<ContainerIdentity> running)
    {
        var ids = running.Select(container => container.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _containers.Keys.Where(id => !ids.Contains(id)))
        {
            _containers.TryRemove(id, out _);
        }

        var added = running.Select(Add).OfType<MonitoredContainer>().ToList();
        metrics.MonitoredContainersChanged(_containers.Count);
        return added;
    }

    /// <summary>The containers now, ordered by name then id so that batches are stable.</summary>
    public IReadOnlyList<MonitoredContainer> Snapshot()
        => [.. _containers.Values.OrderBy(c => c.Identity.Name, StringComparer.Ordinal).ThenBy(c => c.Identity.Id, StringComparer.Ordinal)];
}
