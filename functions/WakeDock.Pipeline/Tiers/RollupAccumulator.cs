using WakeDock.Contracts;

namespace WakeDock.Pipeline.Tiers;

/// <summary>Folds samples, or finer rollup points, into one bucket; the same arithmetic for the tiers and for chart downsampling.</summary>
public sealed class RollupAccumulator(DateTimeOffset bucketStart, TimeSpan step)
{
    private readonly Stat _cpu = new(), _memoryPercent = new(), _memoryUsage = new(), _rx = new(), _tx = new(), _pids = new();
    private DateTimeOffset _lastAt = DateTimeOffset.MinValue;
    private ContainerSample? _lastSample;
    private RollupPoint? _lastPoint;

    public DateTimeOffset BucketStart { get; } = bucketStart;

    public int Count { get; private set; }

    public void Add(ContainerSample sample)
    {
        _cpu.Add(sample.CpuPercent, sample.CpuPercent, sample.CpuPercent, 1);
        _memoryPercent.Add(sample.MemoryPercent, sample.MemoryPercent, sample.MemoryPercent, 1);
        _memoryUsage.Add(sample.MemoryUsage, sample.MemoryUsage, sample.MemoryUsage, 1);
        _rx.Add(sample.NetworkRxBytesPerSec, sample.NetworkRxBytesPerSec, sample.NetworkRxBytesPerSec, 1);
        _tx.Add(sample.NetworkTxBytesPerSec, sample.NetworkTxBytesPerSec, sample.NetworkTxBytesPerSec, 1);
        _pids.Add(sample.Pids, sample.Pids, sample.Pids, 1);
        Count++;
        if (sample.Timestamp >= _lastAt)
        {
            _lastAt = sample.Timestamp;
            _lastSample = sample;
            _lastPoint = null;
            foreach (var (stat, value) in new[] { (_cpu, sample.CpuPercent), (_memoryPercent, sample.MemoryPercent), (_memoryUsage, (double)sample.MemoryUsage), (_rx, sample.NetworkRxBytesPerSec), (_tx, sample.NetworkTxBytesPerSec), (_pids, (double)sample.Pids) })
            {
                stat.Last = value;
            }
        }
    }

    public void Add(RollupPoint point)
    {
        _cpu.Add(point.CpuPercent, point.Count);
        _memoryPercent.Add(point.MemoryPercent, point.Count);
        _memoryUsage.Add(point.MemoryUsage, point.Count);
        _rx.Add(point.NetworkRxBytesPerSec, point.Count);
        _tx.Add(point.NetworkTxBytesPerSec, point.Count);
        _pids.Add(point.Pids, point.Count);
        Count += point.Count;
        if (point.Timestamp >= _lastAt)
        {
            _lastAt = point.Timestamp;
            _lastPoint = point;
            _lastSample = null;
            _cpu.Last = point.CpuPercent.Last;
            _memoryPercent.Last = point.MemoryPercent.Last;
            _memoryUsage.Last = point.MemoryUsage.Last;
            _rx.Last = point.NetworkRxBytesPerSec.Last;
            _tx.Last = point.NetworkTxBytesPerSec.Last;
            _pids.Last = point.Pids.Last;
        }
    }

    public RollupPoint ToPoint()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("An empty bucket has no point.");
        }

        var identity = (_lastSample?.ContainerId ?? _lastPoint!.ContainerId, _lastSample?.ContainerName ?? _lastPoint?.ContainerName,
            _lastSample?.ServiceName ?? _lastPoint?.ServiceName, _lastSample?.Host ?? _lastPoint?.Host, _lastSample?.Image ?? _lastPoint?.Image);
        return new RollupPoint
        {
            ContainerId = identity.Item1,
            ContainerName = identity.Item2,
            ServiceName = identity.Item3,
            Host = identity.Item4,
            Image = identity.Item5,
            Timestamp = BucketStart,
            StepSeconds = step.TotalSeconds,
            Count = Count,
            CpuPercent = _cpu.ToAggregate(2),
            MemoryPercent = _memoryPercent.ToAggregate(2),
            MemoryUsage = _memoryUsage.ToAggregate(0),
            NetworkRxBytesPerSec = _rx.ToAggregate(0),
            NetworkTxBytesPerSec = _tx.ToAggregate(0),
            Pids = _pids.ToAggregate(1),
            MemoryLimit = _lastSample?.MemoryLimit ?? _lastPoint!.MemoryLimit,
            NetworkRxBytes = _lastSample?.NetworkRxBytes ?? _lastPoint!.NetworkRxBytes,
            NetworkTxBytes = _lastSample?.NetworkTxBytes ?? _lastPoint!.NetworkTxBytes,
            BlockReadBytes = _lastSample?.BlockReadBytes ?? _lastPoint!.BlockReadBytes,
            BlockWriteBytes = _lastSample?.BlockWriteBytes ?? _lastPoint!.BlockWriteBytes,
            Sequence = _lastSample?.Sequence ?? _lastPoint!.Sequence,
        };
    }

    /// <summary>Folds a container's time-ordered values into buckets of <paramref name="step"/> aligned on <paramref name="origin"/>.</summary>
    public static List<RollupPoint> Bucket<T>(IEnumerable<T> values, Func<T, DateTimeOffset> timeOf, Action<RollupAccumulator, T> add, DateTimeOffset origin, TimeSpan step)
    {
        var points = new List<RollupPoint>();
        RollupAccumulator? current = null;
        foreach (var value in values)
        {
            var start = origin + TimeSpan.FromTicks((timeOf(value) - origin).Ticks / step.Ticks * step.Ticks);
            if (current is null || current.BucketStart != start)
            {
                if (current is { Count: > 0 })
                {
                    points.Add(current.ToPoint());
                }

                current = new RollupAccumulator(start, step);
            }

            add(current, value);
        }

        if (current is { Count: > 0 })
        {
            points.Add(current.ToPoint());
        }

        return points;
    }

    private sealed class Stat
    {
        private double _min = double.MaxValue, _max = double.MinValue, _sum;
        private long _count;

        public double Last { get; set; }

        public void Add(double min, double avg, double max, long count)
        {
            _min = Math.Min(_min, min);
            _max = Math.Max(_max, max);
            _sum += avg * count;
            _count += count;
        }

        public void Add(Aggregate aggregate, long count) => Add(aggregate.Min, aggregate.Avg, aggregate.Max, count);

        public Aggregate ToAggregate(int digits) => new(Math.Round(_min, digits), Math.Round(_sum / _count, digits), Math.Round(_max, digits), Math.Round(Last, digits));
    }
}
