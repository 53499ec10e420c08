using System.Collections.Concurrent;
using System.Globalization;
using WakeDock.ServiceDefaults.Prometheus;

namespace WakeDock.Functions.Observability;

/// <summary>
/// <c>http_requests_total{method,endpoint,status}</c> and <c>http_request_duration_seconds{method,endpoint}</c> (the
/// 003 document's label names); an endpoint is its route template, never the raw path.
/// Kept apart from the meter exporter on purpose: this runs on every request, ingest included, and
/// recording here allocates nothing once a series exists (its key is a struct of strings the request
/// already holds; status texts are cached), where the exporter builds a label set per measurement.
/// </summary>
public sealed class HttpRequestMetrics : IPrometheusCollector
{
    /// <summary>Upper bounds in seconds; 1 and 2 are bounds so that the p95 latency rules are exact.</summary>
    public static IReadOnlyList<double> Buckets { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

    /// <summary>The endpoint label of a request no endpoint matched.</summary>
    public const string Unmatched = "unmatched";

    private static readonly string[] StatusTexts = Enumerable.Range(0, 600).Select(code => code.ToString(CultureInfo.InvariantCulture)).ToArray();
    private static readonly double[] Bounds = [.. Buckets];

    private readonly ConcurrentDictionary<RequestKey, Counter> _requests = new();
    private readonly ConcurrentDictionary<RouteKey, Histogram> _durations = new();

    /// <param name="method">Canonical method text (HttpMethods' interned strings).</param>
    /// <param name="route">The endpoint's route template, never the raw path; <see cref="Unmatched"/> without one.</param>
    /// <param name="status">The response status code.</param>
    /// <param name="seconds">How long the request took.</param>
    public void Record(string method, string route, int status, double seconds)
    {
        _requests.GetOrAdd(new RequestKey(method, route, status), static _ => new Counter()).Increment();
        _durations.GetOrAdd(new RouteKey(method, route), static _ => new Histogram(Bounds.Length)).Observe(seconds);
    }

    public void Collect(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // declared before the first request is answered too, as the meters' instruments are
        writer.BeginFamily("http_requests_total", PrometheusMetricType.Counter, "HTTP requests answered, by method, endpoint (route template) and status code.");
        foreach (var (key, counter) in _requests.OrderBy(r => r.Key.Route, StringComparer.Ordinal).ThenBy(r => r.Key.Method, StringComparer.Ordinal).ThenBy(r => r.Key.Status))
        {
            writer.Sample("http_requests_total", [new("method", key.Method), new("endpoint", key.Route), new("status", Status(key.Status))], counter.Value);
        }

        writer.BeginFamily("http_request_duration_seconds", PrometheusMetricType.Histogram, "HTTP request duration in seconds, by method and endpoint (route template).");
        foreach (var (key, histogram) in _durations.OrderBy(r => r.Key.Route, StringComparer.Ordinal).ThenBy(r => r.Key.Method, StringComparer.Ordinal))
        {
            histogram.Write(writer, "http_request_duration_seconds", [new("method", key.Method), new("endpoint", key.Route)]);
        }
    }

    private static string Status(int status) => (uint)status < StatusTexts.Length ? StatusTexts[status] : status.ToString(CultureInfo.InvariantCulture);

    private readonly record struct RequestKey(string Method, string Route, int Status);

    private readonly record struct RouteKey(string Method, string Route);

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class Histogram(int bounds)
    {
        private readonly long[] _counts = new long[bounds + 1];
        private readonly Lock _gate = new();
        private double _sum;
        private long _count;

        public void Observe(double seconds)
        {
            var index = Array.BinarySearch(Bounds, seconds);
            index = index >= 0 ? index : ~index;
            lock (_gate)
            {
                _counts[index]++;
                _sum += seconds;
                _count++;
            }
        }

        public void Write(PrometheusTextWriter writer, string name, KeyValuePair<string, string>[] labels)
        {
            long[] counts;
            double sum;
            long count;
            lock (_gate)
            {
                counts = (long[])_counts.Clone();
                sum = _sum;
                count = _count;
            }

            long cumulative = 0;
            for (var i = 0; i < Bounds.Length; i++)
            {
                cumulative += counts[i];
                writer.Sample(name + "_bucket", [.. labels, new("le", PrometheusTextWriter.FormatValue(Bounds[i]))], cumulative);
            }

            writer.Sample(name + "_bucket", [.. labels, new("le", "+Inf")], count);
            writer.Sample(name + "_sum", labels, sum);
            writer.Sample(name + "_count", labels, count);
        }
    }
}
