using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Hosts;

/// <summary>
/// The Docker hosts as their agents last read them (the host metrics a batch carries), with each file system's free
/// space over the disk prediction window, enough to fit a line through. Memory only: a restart starts the history
/// afresh, and the next batch of each host brings its state back — but with scale-out, where a host's batches go to
/// any instance, each instance logs the readings it ingests and follows the others' (<c>HostReadingLog</c>).
/// </summary>
public sealed class HostBoard(IOptions<WakeDockOptions> options) : ICommittedBatchObserver
{
    private readonly ConcurrentDictionary<string, HostRecord> _hosts = new(StringComparer.Ordinal);

    /// <summary>Raised with each reading this instance ingested and kept (not those followed from other instances).</summary>
    public event Action<string, HostMetrics>? Ingested;

    void ICommittedBatchObserver.OnCommitted(CommittedBatch committed)
    {
        if (committed.Batch.HostMetrics is { } metrics)
        {
            Record(committed.Host, metrics);
        }
    }

    public void Record(string host, HostMetrics metrics, bool fromPeer = false)
    {
        var record = _hosts.GetOrAdd(host, _ => new HostRecord());
        var keep = metrics.Timestamp - options.Value.Alerts.Predictions.DiskWindow;
        lock (record)
        {
            if (record.Latest is { } latest && latest.Timestamp >= metrics.Timestamp)
            {
                return;
            }

            record.Latest = metrics;
            foreach (var fs in metrics.Filesystems)
            {
                if (!record.Space.TryGetValue(fs.Mountpoint, out var points))
                {
                    record.Space[fs.Mountpoint] = points = new Queue<SpacePoint>();
                }

                points.Enqueue(new SpacePoint(metrics.Timestamp, fs.AvailableBytes, fs.SizeBytes));
                while (points.Peek().At < keep)
                {
                    points.Dequeue();
                }
            }
        }

        if (!fromPeer)
        {
            Ingested?.Invoke(host, metrics);
        }
    }

    /// <summary>The hosts that sent host metrics, by name.</summary>
    public IReadOnlyList<string> Hosts => [.. _hosts.Keys.Order(StringComparer.Ordinal)];

    public HostMetrics? Latest(string host)
    {
        if (!_hosts.TryGetValue(host, out var record))
        {
            return null;
        }

        lock (record)
        {
            return record.Latest;
        }
    }

    /// <summary>The free space of each of the host's file systems over the window, oldest first, by mount point.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SpacePoint>> Space(string host)
    {
        if (!_hosts.TryGetValue(host, out var record))
        {
            return new Dictionary<string, IReadOnlyList<SpacePoint>>();
        }

        lock (record)
        {
            return record.Space.ToDictionary(p => p.Key, p => (IReadOnlyList<SpacePoint>)[.. p.Value], StringComparer.Ordinal);
        }
    }

    private sealed class HostRecord
    {
        public HostMetrics? Latest { get; set; }

        public Dictionary<string, Queue<SpacePoint>> Space { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>A file system's space at one reading: what an unprivileged writer could still use, of its size.</summary>
public readonly record struct SpacePoint(DateTimeOffset At, long AvailableBytes, long SizeBytes);
