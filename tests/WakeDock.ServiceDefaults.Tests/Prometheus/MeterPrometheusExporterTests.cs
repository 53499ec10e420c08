using System.Diagnostics.Metrics;
using WakeDock.ServiceDefaults.Prometheus;

namespace WakeDock.ServiceDefaults.Tests.Prometheus;

public sealed class MeterPrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new($"WakeDock.Test.{Guid.NewGuid():N}");

    public void Dispose() => _meter.Dispose();

    private MeterPrometheusExporter Exporter(params IPrometheusCollector[] collectors) => new([_meter.Name], collectors);

    private static string[] Lines(string scrape) => scrape.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void ACounterSumsPerTagSetWhateverTheTagOrder()
    {
        using var exporter = Exporter();
        var counter = _meter.CreateCounter<long>("wakedock.ingest.samples", description: "Samples accepted.");

        counter.Add(100, new("host", "h1"), new("origin", "dapr"));
        counter.Add(50, new("origin", "dapr"), new("host", "h1"));
        counter.Add(7, new("host", "h2"), new("origin", "http"));

        Assert.Equal(
        [
            "# HELP wakedock_ingest_samples_total Samples accepted.",
            "# TYPE wakedock_ingest_samples_total counter",
            "wakedock_ingest_samples_total{host=\"h1\",origin=\"dapr\"} 150",
            "wakedock_ingest_samples_total{host=\"h2\",origin=\"http\"} 7",
        ], Lines(exporter.Collect()));
    }

    [Fact]
    public void AHistogramWritesCumulativeBucketsSumAndCount()
    {
        using var exporter = Exporter();
        var histogram = _meter.CreateHistogram<double>("http_request_duration", unit: "s", description: "Request duration.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });

        foreach (var seconds in new[] { 0.005, 0.01, 0.05, 0.5, 3 })
        {
            histogram.Record(seconds, new KeyValuePair<string, object?>("route", "/health"));
        }

        Assert.Equal(
        [
            "# HELP http_request_duration_seconds Request duration.",
            "# TYPE http_request_duration_seconds histogram",
            "http_request_duration_seconds_bucket{route=\"/health\",le=\"0.01\"} 2",
            "http_request_duration_seconds_bucket{route=\"/health\",le=\"0.1\"} 3",
            "http_request_duration_seconds_bucket{route=\"/health\",le=\"1\"} 4",
            "http_request_duration_seconds_bucket{route=\"/health\",le=\"+Inf\"} 5",
            "http_request_duration_seconds_sum{route=\"/health\"} 3.565",
            "http_request_duration_seconds_count{route=\"/health\"} 5",
        ], Lines(exporter.Collect()));
    }

    [Fact]
    public void ObservableGaugesAreReadAtEachScrapeAndForgetWhatTheyStopReporting()
    {
        using var exporter = Exporter();
        var depth = new Dictionary<string, long> { ["a"] = 3, ["b"] = 4 };
        _meter.CreateObservableGauge("wakedock.spool.depth", () => depth.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("spool", d.Key))));

        var first = Lines(exporter.Collect());
        depth.Remove("a");
        depth["b"] = 9;
        var second = Lines(exporter.Collect());

        Assert.Contains("wakedock_spool_depth{spool=\"a\"} 3", first);
        Assert.Contains("wakedock_spool_depth{spool=\"b\"} 4", first);
        Assert.Equal(["# TYPE wakedock_spool_depth gauge", "wakedock_spool_depth{spool=\"b\"} 9"], second);
    }

    [Fact]
    public void UpDownCountersAreGaugesAndBytesGetTheirSuffix()
    {
        using var exporter = Exporter();
        var connections = _meter.CreateUpDownCounter<int>("wakedock.stream.connections");
        var stored = _meter.CreateCounter<long>("wakedock.storage.written", unit: "By");

        connections.Add(3);
        connections.Add(-1);
        stored.Add(1024);

        var lines = Lines(exporter.Collect());
        Assert.Contains("# TYPE wakedock_stream_connections gauge", lines);
        Assert.Contains("wakedock_stream_connections 2", lines);
        Assert.Contains("wakedock_storage_written_bytes_total 1024", lines);
    }

    [Fact]
    public void LabelValuesAndHelpAreEscaped()
    {
        using var exporter = Exporter();
        var counter = _meter.CreateCounter<long>("odd.names-here", description: "a \\ help\nline");

        counter.Add(1, new KeyValuePair<string, object?>("container.name", "we\"ird\\na\nme"));

        Assert.Equal(
        [
            "# HELP odd_names_here_total a \\\\ help\\nline",
            "# TYPE odd_names_here_total counter",
            "odd_names_here_total{container_name=\"we\\\"ird\\\\na\\nme\"} 1",
        ], Lines(exporter.Collect()));
    }

    [Fact]
    public void OtherMetersAreIgnoredAndCollectorsAreAppended()
    {
        using var other = new Meter($"Other.{Guid.NewGuid():N}");
        using var exporter = Exporter(new FixedCollector());
        other.CreateCounter<long>("elsewhere").Add(1);
        _meter.CreateCounter<long>("here").Add(1);

        Assert.Equal(["# TYPE here_total counter", "here_total 1", "# TYPE container_last_seen gauge", "container_last_seen{name=\"web\"} 1737023400"],
            Lines(exporter.Collect()));
    }

    [Fact]
    public void AnInstrumentIsDeclaredBeforeItsFirstMeasurement()
    {
        using var exporter = Exporter();
        var failures = _meter.CreateCounter<long>("wakedock.ingest.failures", description: "Batches not stored.");
        _meter.CreateHistogram<double>("wakedock.ingest.lag", unit: "s");

        var before = Lines(exporter.Collect());
        failures.Add(1, new KeyValuePair<string, object?>("reason", "storage"));
        var after = Lines(exporter.Collect());

        Assert.Equal(["# HELP wakedock_ingest_failures_total Batches not stored.", "# TYPE wakedock_ingest_failures_total counter", "# TYPE wakedock_ingest_lag_seconds histogram"],
            before);
        Assert.Contains("wakedock_ingest_failures_total{reason=\"storage\"} 1", after);
    }

    [Fact]
    public void OfTwoSameNamedInstrumentsTheOneWithSeriesIsWrittenNotAnEmptyDeclaration()
    {
        using var exporter = Exporter();
        using var other = new Meter(_meter.Name);
        other.CreateHistogram<double>("wakedock.ingest.duration", unit: "s");
        _meter.CreateHistogram<double>("wakedock.ingest.duration", unit: "s").Record(0.2);

        var lines = Lines(exporter.Collect());

        Assert.Single(lines, l => l == "# TYPE wakedock_ingest_duration_seconds histogram");
        Assert.Contains("wakedock_ingest_duration_seconds_count 1", lines);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    public void ValuesUseThePrometheusSpelling(double value, string text)
        => Assert.Equal(text, PrometheusTextWriter.FormatValue(value));

    private sealed class FixedCollector : IPrometheusCollector
    {
        public void Collect(PrometheusTextWriter writer)
        {
            writer.BeginFamily("container_last_seen", PrometheusMetricType.Gauge, null);
            writer.Sample("container_last_seen", [new("name", "web")], 1737023400);
        }
    }
}
