using System.Diagnostics.Metrics;
using WakeDock.Contracts;
using WakeDock.ServiceDefaults.Prometheus;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Telemetry;

public sealed class PipelineMetricsTests(PromtoolFixture promtool) : IClassFixture<PromtoolFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThePipelinesInstrumentsScrapeCleanlyThroughTheSharedExporter()
    {
        promtool.Require();
        await using var app = FunctionsApplication.Create();
        // this host's meter only, as the host's own exporter does: other tests' hosts have meters of the same name
        var meters = app.Service<IMeterFactory>();
        using var exporter = new MeterPrometheusExporter(meter => meter.Name == PipelineMetrics.MeterName && ReferenceEquals(meter.Scope, meters));
        var ingest = app.Service<IBatchIngest>();
        await ingest.IngestAsync(Samples.Batch("hot", [Samples.Of("abc123", DateTimeOffset.UtcNow, cpu: 95, sequence: 1)]), IngestOrigin.InProcess, Ct);
        await ingest.IngestAsync(Samples.Batch("hot", [Samples.Of("abc123", DateTimeOffset.UtcNow, cpu: 95, sequence: 1)]), IngestOrigin.InProcess, Ct);
        await ingest.RejectAsync("nope"u8.ToArray(), "not JSON", IngestOrigin.Dapr, Ct);

        var scrape = exporter.Collect();
        var check = await promtool.CheckMetricsAsync(scrape);

        Assert.True(check.ExitCode == 0, $"promtool check metrics failed:\n{check.Combined}\n---\n{scrape}");
        foreach (var series in new[]
        {
            "wakedock_ingest_samples_total ", "wakedock_ingest_duplicates_total ", "wakedock_ingest_dead_letters_total ",
            "wakedock_alerts_total{level=\"critical\",metric_type=\"cpu_percent\",state=\"firing\"} ", "wakedock_ingest_duration_seconds_count ",
            "wakedock_ingest_batches_total{outcome=\"duplicate\"} ", "wakedock_ingest_failures_total{reason=\"malformed\"} ",
        })
        {
            Assert.Contains(series, scrape, StringComparison.Ordinal);
        }
    }
}
