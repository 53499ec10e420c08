using System.Collections.Concurrent;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;

namespace WakeDock.Pipeline.Query;

/// <summary>
/// The hot tier: the newest samples of every container (the last <c>HotWindow</c>, 2 h by default) in
/// memory as compact structs, so that "last hour of a container" and "every container, last 5 minutes"
/// never touch storage. Filled by ingest, and from storage at start-up.
/// </summary>
public sealed class RecentSamples(TimeProvider time, TimeSpan window) : ICommittedBatchObserver
{
    // Read by enumerating it, which takes no lock (.Values takes every bucket's lock: contention under parallel queries).
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private long _generation;

    public TimeSpan Window => window;

    /// <summary>Changes whenever samples are added: an answer computed at one generation holds while it lasts.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>From when on the hot tier holds everything stored.</summary>
    public DateTimeOffset Floor => time.GetUtcNow() - window;

    public int ContainerCount => _series.Count;

    void ICommittedBatchObserver.OnCommitted(CommittedBatch committed) => Add(committed.Samples);

    public void Add(IReadOnlyList<ContainerSample> samples)
    {
        var floor = Floor;
        foreach (var sample in samples)
        {
            if (sample.Timestamp >= floor)
            {
                _series.GetOrAdd(sample.ContainerId, id => new Series(id)).Add(sample, floor);
            }
        }

        Interlocked.Increment(ref _generation);
    }

    /// <summary>Adds the samples not held yet (same container, time and sequence) and returns them: another instance's, read from its segments.</summary>
    public List<ContainerSample> AddAbsent(IReadOnlyList<ContainerSample> samples)
    {
        var floor = Floor;
        var added = new List<ContainerSample>();
        foreach (var sample in samples)
        {
            if (sample.Timestamp >= floor && _series.GetOrAdd(sample.ContainerId, id => new Series(id)).Add(sample, floor, skipPresent: true))
            {
                added.Add(sample);
            }
        }

        Interlocked.Increment(ref _generation);
        return added;
    }

    /// <summary>The samples of matching containers within [from, to], in time order per container.</summary>
    public List<ContainerSample> Read(SampleFilter filter, DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<ContainerSample>();
        foreach (var (_, series) in _series)
        {
            if (filter.Matches(series.Identity))
            {
                series.Read(from, to, result);
            }
        }

        return result;
    }

    /// <summary>
    /// The samples of matching containers within [from, to], at most <paramref name="perContainer"/> of each, evenly
    /// spaced over its points and always with its newest, in time order per container: what a fit needs, whatever rate
    /// the samples came at (a sweep over every container then costs the same at 1 s as at 5 s).
    /// </summary>
    public List<ContainerSample> ReadSpaced(SampleFilter filter, DateTimeOffset from, DateTimeOffset to, int perContainer)
    {
        var result = new List<ContainerSample>();
        foreach (var (_, series) in _series)
        {
            if (filter.Matches(series.Identity))
            {
                series.ReadSpaced(from, to, perContainer, result);
            }
        }

        return result;
    }

    /// <summary>
    /// The <paramref name="limit"/> newest samples of matching containers within [from, to], newest first:
    /// a merge of the containers' tails, so only what is returned is turned into samples.
    /// </summary>
    public List<ContainerSample> ReadNewest(SampleFilter filter, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        var tails = new List<(Series Series, Point[] Points)>();
        foreach (var (_, series) in _series)
        {
            if (filter.Matches(series.Identity) && series.Tail(from, to, limit) is { Length: > 0 } tail)
            {
                tails.Add((series, tail));
            }
        }

        var newest = new PriorityQueue<(int Tail, int Index), long>();
        for (var t = 0; t < tails.Count; t++)
        {
            newest.Enqueue((t, tails[t].Points.Length - 1), -tails[t].Points[^1].Ticks);
        }

        var result = new List<ContainerSample>(Math.Min(limit, 4096));
        while (result.Count < limit && newest.TryDequeue(out var next, out _))
        {
            var (series, points) = tails[next.Tail];
            result.Add(series.ToSample(points[next.Index]));
            if (next.Index > 0)
            {
                newest.Enqueue((next.Tail, next.Index - 1), -points[next.Index - 1].Ticks);
            }
        }

        return result;
    }

    /// <summary>Whether a matching container holds a sample stamped after <paramref name="to"/> (a clock ahead of ours).</summary>
    public bool HasAfter(SampleFilter filter, DateTimeOffset to)
    {
        foreach (var (_, series) in _series)
        {
            if (filter.Matches(series.Identity) && series.Newest() is { } newest && newest.Timestamp > to)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The newest sample of every container that sent one within the window.</summary>
    public List<ContainerSample> Latest(SampleFilter filter)
    {
        var result = new List<ContainerSample>();
        var floor = Floor;
        foreach (var (_, series) in _series)
        {
            if (filter.Matches(series.Identity) && series.Newest() is { } newest && newest.Timestamp >= floor)
            {
                result.Add(newest);
            }
        }

        return result;
    }

    /// <summary>Drops what fell out of the window and containers with nothing left.</summary>
    public void Trim()
    {
        var floor = Floor;
        foreach (var (id, series) in _series)
        {
            if (series.Trim(floor) == 0)
            {
                _series.TryRemove(id, out _);
            }
        }
    }

    internal readonly record struct Point(
        long Ticks, double Cpu, long MemoryUsage, long MemoryLimit, double MemoryPercent, long RxBytes, long TxBytes, long Pids,
        double RxRate, double TxRate, long BlockRead, long BlockWrite, long Sequence);

    internal sealed class Series(string containerId)
    {
        private readonly Lock _gate = new();
        private readonly List<Point> _points = [];
        private int _start;

        public ContainerIdentity Identity { get; private set; } = new(containerId, null, null, null, null);

        public bool Add(ContainerSample s, DateTimeOffset floor, bool skipPresent = false)
        {
            var point = new Point(s.Timestamp.UtcTicks, s.CpuPercent, s.MemoryUsage, s.MemoryLimit, s.MemoryPercent, s.NetworkRxBytes, s.NetworkTxBytes,
                s.Pids, s.NetworkRxBytesPerSec, s.NetworkTxBytesPerSec, s.BlockReadBytes, s.BlockWriteBytes, s.Sequence);
            lock (_gate)
            {
                if (skipPresent && Holds(point))
                {
                    return false;
                }

                var count = _points.Count;
                if (count == _start || _points[count - 1].Ticks <= point.Ticks)
                {
                    _points.Add(point);
                    if (Identity.ContainerName != s.ContainerName || Identity.ServiceName != s.ServiceName || Identity.Host != s.Host || Identity.Image != s.Image)
                    {
                        Identity = new ContainerIdentity(s.ContainerId, s.ContainerName, s.ServiceName, s.Host, s.Image);
                    }
                }
                else
                {
                    _points.Insert(Bound(point.Ticks, inclusive: false), point);
                }

                if (_points.Count % 256 == 0)
                {
                    TrimLocked(floor.UtcTicks);
                }
            }

            return true;
        }

        private bool Holds(Point point)
        {
            for (var i = Bound(point.Ticks, inclusive: true); i < _points.Count && _points[i].Ticks == point.Ticks; i++)
            {
                if (_points[i].Sequence == point.Sequence)
                {
                    return true;
                }
            }

            return false;
        }

        public void Read(DateTimeOffset from, DateTimeOffset to, List<ContainerSample> into)
        {
            lock (_gate)
            {
                for (var i = Bound(from.UtcTicks, inclusive: true); i < _points.Count && _points[i].Ticks <= to.UtcTicks; i++)
                {
                    into.Add(ToSample(_points[i]));
                }
            }
        }

        public void ReadSpaced(DateTimeOffset from, DateTimeOffset to, int most, List<ContainerSample> into)
        {
            lock (_gate)
            {
                var start = Bound(from.UtcTicks, inclusive: true);
                var end = Bound(to.UtcTicks, inclusive: false);
                if (end <= start)
                {
                    return;
                }

                var step = Math.Max(1, (end - start + most - 1) / most);
                var first = start + (end - 1 - start) % step;
                for (var i = first; i < end; i += step)
                {
                    into.Add(ToSample(_points[i]));
                }
            }
        }

        /// <summary>Up to <paramref name="limit"/> of the newest points within [from, to], oldest first.</summary>
        public Point[] Tail(DateTimeOffset from, DateTimeOffset to, int limit)
        {
            lock (_gate)
            {
                var end = Bound(to.UtcTicks, inclusive: false);
                var start = Math.Max(Bound(from.UtcTicks, inclusive: true), end - limit);
                return end > start ? _points.GetRange(start, end - start).ToArray() : [];
            }
        }

        public ContainerSample? Newest()
        {
            lock (_gate)
            {
                return _points.Count > _start ? ToSample(_points[^1]) : null;
            }
        }

        public int Trim(DateTimeOffset floor)
        {
            lock (_gate)
            {
                TrimLocked(floor.UtcTicks);
                return _points.Count - _start;
            }
        }

        private void TrimLocked(long floorTicks)
        {
            while (_start < _points.Count && _points[_start].Ticks < floorTicks)
            {
                _start++;
            }

            if (_start > 1024 && _start > _points.Count / 2)
            {
                _points.RemoveRange(0, _start);
                _start = 0;
            }
        }

        /// <summary>The first point after <paramref name="ticks"/> (at or after, with <paramref name="inclusive"/>).</summary>
        private int Bound(long ticks, bool inclusive)
        {
            int lo = _start, hi = _points.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_points[mid].Ticks < ticks || (!inclusive && _points[mid].Ticks == ticks))
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        public ContainerSample ToSample(Point p) => new()
        {
            ContainerId = Identity.ContainerId,
            ContainerName = Identity.ContainerName,
            ServiceName = Identity.ServiceName,
            Host = Identity.Host,
            Image = Identity.Image,
            Timestamp = new DateTimeOffset(p.Ticks, TimeSpan.Zero),
            CpuPercent = p.Cpu,
            MemoryUsage = p.MemoryUsage,
            MemoryLimit = p.MemoryLimit,
            MemoryPercent = p.MemoryPercent,
            NetworkRxBytes = p.RxBytes,
            NetworkTxBytes = p.TxBytes,
            Pids = p.Pids,
            NetworkRxBytesPerSec = p.RxRate,
            NetworkTxBytesPerSec = p.TxRate,
            BlockReadBytes = p.BlockRead,
            BlockWriteBytes = p.BlockWrite,
            Sequence = p.Sequence,
        };
    }
}

/// <summary>Who a container is: what filters match on.</summary>
public sealed record ContainerIdentity(string ContainerId, string? ContainerName, string? ServiceName, string? Host, string? Image);

/// <summary>
/// Which containers a query is about; null matches all. A container id of 12 characters or more also matches as a prefix
/// (Docker's short ids). <see cref="Scope"/>, when set, is what the caller may see at all.
/// </summary>
public sealed record SampleFilter(string? ContainerId = null, string? ServiceName = null, string? Host = null, ContainerScope? Scope = null)
{
    public static SampleFilter All { get; } = new();

    public bool Matches(ContainerIdentity identity) => Matches(identity.ContainerId, identity.ContainerName, identity.ServiceName, identity.Host);

    /// <summary>Whether a container of this id, service and host may match when its name is not known (a segment's index entry).</summary>
    public bool Matches(string containerId, string? serviceName, string? host)
        => MatchesSelection(containerId, serviceName, host) && (Scope is null || Scope.MayAllow(serviceName, host));

    public bool Matches(string containerId, string? containerName, string? serviceName, string? host)
        => MatchesSelection(containerId, serviceName, host) && (Scope is null || Scope.Allows(containerName, serviceName, host));

    private bool MatchesSelection(string containerId, string? serviceName, string? host)
        => (ContainerId is null || containerId == ContainerId || (ContainerId.Length >= 12 && containerId.StartsWith(ContainerId, StringComparison.Ordinal)))
            && (ServiceName is null || serviceName == ServiceName)
            && (Host is null || host == Host);
}
