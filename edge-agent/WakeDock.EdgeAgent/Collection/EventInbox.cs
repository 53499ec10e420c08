using System.Collections.Concurrent;
using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Collection;

/// <summary>Lifecycle events seen since the last batch; the next batch takes them all.</summary>
public sealed class EventInbox
{
    // While collection is paused events wait here; beyond this many the oldest make room.
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<ContainerEvent> _events = new();

    public void Add(ContainerEvent containerEvent)
    {
        _events.Enqueue(containerEvent);
        while (_events.Count > Capacity && _events.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<ContainerEvent> Drain()
    {
        if (_events.IsEmpty)
        {
            return [];
        }

        var drained = new List<ContainerEvent>();
        while (_events.TryDequeue(out var next))
        {
            drained.Add(next);
        }

        return drained;
    }
}
