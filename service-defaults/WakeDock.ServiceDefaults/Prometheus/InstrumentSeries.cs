using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace WakeDock.ServiceDefaults.Prometheus;

/// <summary>The series of one instrument, one per distinct tag set, aggregated the way its kind requires.</summary>
internal abstract class InstrumentSeries(string name, string? help, bool isObservable)
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public string Name { get; } = name;

    public string? Help { get; } = help;

    /// <summary>Observable instruments report their whole state at each scrape; what they stop reporting disappears.</summary>
    public bool IsObservable { get; } = isObservable;

    /// <summary>No series measured yet: the family is only declared.</summary>
    public abstract bool IsEmpty { get; }

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    public abstract void Write(PrometheusTextWriter writer);

    public abstract void Clear();

    public static InstrumentSeries For(Instrument instrument)
    {
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var baseName = BaseName(instrument);
        if (generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>))
        {
            var name = baseName.EndsWith("_total", StringComparison.Ordinal) ? baseName : baseName + "_total";
            return new ValueSeries(name, instrument.Description, PrometheusMetricType.Counter, accumulate: generic == typeof(Counter<>), instrument.IsObservable);
        }

        if (generic == typeof(Histogram<>))
        {
            return new HistogramSeries(baseName, instrument.Description, AdvisedBuckets(instrument) ?? DefaultBuckets);
        }

        return new ValueSeries(NotHistogramLike(baseName), instrument.Description, PrometheusMetricType.Gauge, accumulate: generic == typeof(UpDownCounter<>), instrument.IsObservable);
    }

    /// <summary>Prometheus keeps <c>_count</c>, <c>_sum</c> and <c>_bucket</c> for histograms: a gauge so named (<c>dotnet.assembly.count</c>) gets <c>_value</c> after it.</summary>
    private static string NotHistogramLike(string name)
        => name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal)
            ? name + "_value"
            : name;

    private static string BaseName(Instrument instrument)
    {
        var name = PrometheusTextWriter.SanitizeName(instrument.Name);
        var suffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        return name.EndsWith(suffix, StringComparison.Ordinal) ? name : name + suffix;
    }

    private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    };

    protected static LabelSet Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags) => LabelSet.From(tags);

    private sealed class ValueSeries(string name, string? help, PrometheusMetricType type, bool accumulate, bool isObservable)
        : InstrumentSeries(name, help, isObservable)
    {
        private readonly ConcurrentDictionary<LabelSet, StrongBox<double>> _values = new();

        public override bool IsEmpty => _values.IsEmpty;

        public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var box = _values.GetOrAdd(Labels(tags), static _ => new StrongBox<double>());
            if (!accumulate)
            {
                Volatile.Write(ref box.Value, value);
                return;
            }

            double seen, updated;
            do
            {
                seen = Volatile.Read(ref box.Value);
                updated = seen + value;
            }
            while (Interlocked.CompareExchange(ref box.Value, updated, seen) != seen);
        }

        public override void Write(PrometheusTextWriter writer)
        {
            // declared before its first measurement too, so that a scrape names every family the host can expose
            if (!writer.BeginFamily(Name, type, Help))
            {
                return;
            }

            foreach (var (labels, box) in _values.OrderBy(v => v.Key))
            {
                writer.Sample(Name, labels.Pairs, Volatile.Read(ref box.Value));
            }
        }

        public override void Clear() => _values.Clear();
    }

    private sealed class HistogramSeries(string name, string? help, double[] bounds) : InstrumentSeries(name, help, isObservable: false)
    {
        private readonly ConcurrentDictionary<LabelSet, Buckets> _buckets = new();

        public override bool IsEmpty => _buckets.IsEmpty;

        public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            => _buckets.GetOrAdd(Labels(tags), _ => new Buckets(bounds.Length)).Add(bounds, value);

        public override void Write(PrometheusTextWriter writer)
        {
            if (!writer.BeginFamily(Name, PrometheusMetricType.Histogram, Help))
            {
                return;
            }

            foreach (var (labels, buckets) in _buckets.OrderBy(b => b.Key))
            {
                var (counts, sum, count) = buckets.Snapshot();
                long cumulative = 0;
                for (var i = 0; i < bounds.Length; i++)
                {
                    cumulative += counts[i];
                    writer.Sample(Name + "_bucket", labels.With("le", PrometheusTextWriter.FormatValue(bounds[i])), cumulative);
                }

                writer.Sample(Name + "_bucket", labels.With("le", "+Inf"), count);
                writer.Sample(Name + "_sum", labels.Pairs, sum);
                writer.Sample(Name + "_count", labels.Pairs, count);
            }
        }

        public override void Clear() => _buckets.Clear();

        private sealed class Buckets(int bounds)
        {
            private readonly long[] _counts = new long[bounds + 1];
            private double _sum;
            private long _count;

            public void Add(double[] bounds, double value)
            {
                var index = Array.BinarySearch(bounds, value);
                index = index >= 0 ? index : ~index;
                lock (_counts)
                {
                    _counts[index]++;
                    _sum += value;
                    _count++;
                }
            }

            public (long[] Counts, double Sum, long Count) Snapshot()
            {
                lock (_counts)
                {
                    return ((long[])_counts.Clone(), _sum, _count);
                }
            }
        }
    }

    private sealed class StrongBox<T>
    {
        public T Value = default!;
    }
}
