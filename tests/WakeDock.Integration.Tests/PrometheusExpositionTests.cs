using System.Diagnostics.Metrics;
using WakeDock.ServiceDefaults.Prometheus;
using WakeDock.Testing;

namespace WakeDock.Integration.Tests;

public sealed class PrometheusExpositionTests(PromtoolFixture promtool) : IClassFixture<PromtoolFixture>
{
    [Fact]
    public async Task TheExportersScrapeOfEveryInstrumentKindPassesPromtool()
    {
        promtool.Require();
        using var meter = new Meter($"WakeDock.Exposition.{Guid.NewGuid():N}");
        using var exporter = new MeterPrometheusExporter([meter.Name]);
        meter.CreateCounter<long>("wakedock.ingest.samples", description: "Samples accepted by ingest.").Add(100, new KeyValuePair<string, object?>("host", "h\"1"));
        meter.CreateUpDownCounter<int>("wakedock.stream.connections", description: "Open stream connections.").Add(2);
        meter.CreateObservableGauge("wakedock.spool.bytes", () => 4096L, unit: "By", description: "Bytes waiting in the spool.");
        var duration = meter.CreateHistogram<double>("http_request_duration", unit: "s", description: "HTTP request duration.");
        duration.Record(0.003, new KeyValuePair<string, object?>("route", "/health"), new KeyValuePair<string, object?>("method", "GET"));
        duration.Record(0.4, new KeyValuePair<string, object?>("method", "GET"), new KeyValuePair<string, object?>("route", "/health"));

        var scrape = exporter.Collect();
        var check = await promtool.CheckMetricsAsync(scrape);

        Assert.True(check.ExitCode == 0, $"promtool check metrics failed:\n{check.Combined}\n---\n{scrape}");
        Assert.Contains("http_request_duration_seconds_count{method=\"GET\",route=\"/health\"} 2", scrape, StringComparison.Ordinal);
        Assert.Contains("wakedock_spool_bytes 4096", scrape, StringComparison.Ordinal);
    }
}
