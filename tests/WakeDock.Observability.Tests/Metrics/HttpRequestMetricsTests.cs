using System.Globalization;
using WakeDock.ServiceDefaults.Prometheus;
using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Observability;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Metrics;

public sealed class HttpRequestMetricsTests(PromtoolFixture promtool) : IClassFixture<PromtoolFixture>
{
    [Fact]
    public async Task RequestsAreCountedByMethodRouteAndStatusAndTimedInCumulativeBuckets()
    {
        var metrics = new HttpRequestMetrics();
        metrics.Record("GET", "/api/containers/{id}", 200, 0.004);
        metrics.Record("GET", "/api/containers/{id}", 200, 0.3);
        metrics.Record("GET", "/api/containers/{id}", 404, 0.002);
        metrics.Record("POST", "/ingest/samples", 401, 1.5);
        metrics.Record("GET", HttpRequestMetrics.Unmatched, 404, 0.0005);

        var scrape = Scrape(metrics);
        var check = await CheckAsync(scrape.Text);

        Assert.Equal(2, scrape.Value("http_requests_total", ("method", "GET"), ("endpoint", "/api/containers/{id}"), ("status", "200")));
        Assert.Equal(1, scrape.Value("http_requests_total", ("method", "GET"), ("endpoint", "/api/containers/{id}"), ("status", "404")));
        Assert.Equal(1, scrape.Value("http_requests_total", ("method", "POST"), ("endpoint", "/ingest/samples"), ("status", "401")));
        Assert.Equal(1, scrape.Value("http_requests_total", ("endpoint", "unmatched"), ("status", "404")));
        (string, string)[] containers = [("method", "GET"), ("endpoint", "/api/containers/{id}")];
        Assert.Equal(3, scrape.Value("http_request_duration_seconds_count", containers));
        Assert.Equal(0.306, scrape.Value("http_request_duration_seconds_sum", containers), 9);
        Assert.Equal(0, scrape.Value("http_request_duration_seconds_bucket", [.. containers, ("le", "0.001")]));
        Assert.Equal(1, scrape.Value("http_request_duration_seconds_bucket", [.. containers, ("le", "0.0025")]));
        Assert.Equal(2, scrape.Value("http_request_duration_seconds_bucket", [.. containers, ("le", "0.005")]));
        Assert.Equal(2, scrape.Value("http_request_duration_seconds_bucket", [.. containers, ("le", "0.25")]));
        Assert.Equal(3, scrape.Value("http_request_duration_seconds_bucket", [.. containers, ("le", "0.5")]));
        Assert.Equal(3, scrape.Value("http_request_duration_seconds_bucket", [.. containers, ("le", "+Inf")]));
        Assert.Equal(1, scrape.Value("http_request_duration_seconds_bucket", ("endpoint", "/ingest/samples"), ("le", "2")));
        Assert.Equal(0, scrape.Value("http_request_duration_seconds_bucket", ("endpoint", "/ingest/samples"), ("le", "1")));
        Assert.True(check.ExitCode == 0, check.Combined + "\n" + scrape.Text);
    }

    [Fact]
    public void OneAndTwoSecondsAreBucketBoundsSoTheLatencyRulesAreExact()
    {
        Assert.Contains(1.0, HttpRequestMetrics.Buckets);
        Assert.Contains(2.0, HttpRequestMetrics.Buckets);
        Assert.Equal(HttpRequestMetrics.Buckets.Order(), HttpRequestMetrics.Buckets);
    }

    [Fact]
    public void RecordingAnExistingSeriesAllocatesNothing()
    {
        var metrics = new HttpRequestMetrics();
        // the strings a request already holds: interned method, the endpoint's route template
        var route = string.Concat("/api/", "containers/{id}");
        metrics.Record("GET", route, 200, 0.01);
        metrics.Record("GET", route, 200, 0.01);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            metrics.Record("GET", route, 200, i / 10_000.0);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_002, Scrape(metrics).Value("http_requests_total", ("status", "200")));
    }

    [Fact]
    public void ConcurrentRequestsAreAllCounted()
    {
        var metrics = new HttpRequestMetrics();

        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                metrics.Record(worker % 2 == 0 ? "GET" : "POST", "/ingest/samples", 200, 0.001 * (i % 100));
            }
        });

        var scrape = Scrape(metrics);
        Assert.Equal(20_000, scrape.Value("http_requests_total", ("method", "GET")));
        Assert.Equal(20_000, scrape.Value("http_requests_total", ("method", "POST")));
        Assert.Equal(20_000, scrape.Value("http_request_duration_seconds_bucket", ("method", "POST"), ("le", "+Inf")));
    }

    internal static Exposition Scrape(IPrometheusCollector collector)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        collector.Collect(new PrometheusTextWriter(output));
        return new Exposition(output.ToString());
    }

    private async Task<ProcessResult> CheckAsync(string scrape)
    {
        promtool.Require();
        return await promtool.CheckMetricsAsync(scrape);
    }
}
