using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Metrics;

public sealed class MetricsEndpointTests(PromtoolFixture promtool) : IClassFixture<PromtoolFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheScrapeCountsEveryRequestByRouteTemplateIncludingRefusedOnes()
    {
        await using var host = ObservedHost.Create(new Dictionary<string, string?> { ["WakeDock:Ingest:AppApiToken"] = "sidecar-token" });
        using var client = host.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/no/such/thing", Ct)).StatusCode);
        using var refused = new HttpRequestMessage(HttpMethod.Post, "/ingest/samples") { Content = new StringContent("{}", Encoding.UTF8, "application/cloudevents+json") };
        refused.Headers.Add("dapr-api-token", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(refused, Ct)).StatusCode);

        var response = await client.GetAsync("/metrics", Ct);
        var scrape = new Exposition(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(3, scrape.Value("http_requests_total", ("method", "GET"), ("endpoint", "/health"), ("status", "200")));
        Assert.Equal(1, scrape.Value("http_requests_total", ("method", "GET"), ("endpoint", "unmatched"), ("status", "404")));
        Assert.Equal(1, scrape.Value("http_requests_total", ("method", "POST"), ("endpoint", "/ingest/samples"), ("status", "401")));
        Assert.Equal(3, scrape.Value("http_request_duration_seconds_count", ("method", "GET"), ("endpoint", "/health")));
    }

    [Fact]
    public async Task IngestedSamplesShowInThePipelinesCountersAndAsContainerSeries()
    {
        await using var host = ObservedHost.Create();
        using var client = host.CreateClient();
        var ingest = host.Service<IBatchIngest>();
        var now = DateTimeOffset.UtcNow;
        await ingest.IngestAsync(Batches.Of("b1", [Batches.Sample("c-web", now.AddSeconds(-10), cpu: 50, memory: 100_000_000, sequence: 1, name: "web"),
            Batches.Sample("c-db", now.AddSeconds(-10), cpu: 10, sequence: 2, name: "db", service: "db")]), IngestOrigin.InProcess, Ct);
        await ingest.IngestAsync(Batches.Of("b2", [Batches.Sample("c-web", now.AddSeconds(-5), cpu: 150, memory: 120_000_000, sequence: 3, name: "web")]), IngestOrigin.InProcess, Ct);
        await ingest.IngestAsync(Batches.Of("b2", [Batches.Sample("c-web", now.AddSeconds(-5), cpu: 150, memory: 120_000_000, sequence: 3, name: "web")]), IngestOrigin.InProcess, Ct);
        await PostAsync(client, Batches.Of("b3", [Batches.Sample("c-db", now, cpu: 30, sequence: 4, name: "db", service: "db")]));

        var scrape = await host.ScrapeAsync(client);
        promtool.Require();
        var check = await promtool.CheckMetricsAsync(scrape.Text);

        Assert.True(check.ExitCode == 0, check.Combined + "\n" + scrape.Text);
        Assert.Equal(4, scrape.Value("wakedock_ingest_samples_total"));
        Assert.Equal(3, scrape.Value("wakedock_ingest_batches_total", ("outcome", "success")));
        Assert.Equal(1, scrape.Value("wakedock_ingest_batches_total", ("outcome", "duplicate")));
        Assert.Equal(1, scrape.Value("wakedock_ingest_duplicates_total"));
        Assert.Equal(4, scrape.Value("wakedock_ingest_duration_seconds_count"));
        Assert.Equal(1, scrape.Value("http_requests_total", ("method", "POST"), ("endpoint", "/ingest/samples"), ("status", "200")));
        Assert.Equal(120_000_000, scrape.Value("container_memory_working_set_bytes", ("name", "web")));
        Assert.Equal(0.5 * 5 + 1.5 * 5, scrape.Value("container_cpu_usage_seconds_total", ("name", "web"), ("cpu", "total")), 9);
        Assert.Equal(0.1 * 5 + 0.3 * 10, scrape.Value("container_cpu_usage_seconds_total", ("name", "db")), 9);
        Assert.Equal("host-1", scrape.Of("container_threads", ("name", "db")).Single().Label("host"));
        Assert.Equal("db", scrape.Of("container_threads", ("name", "db")).Single().Label("service"));
    }

    [Fact]
    public async Task TwoHostsInOneProcessEachScrapeOnlyTheirOwnMeters()
    {
        await using var first = ObservedHost.Create();
        await using var second = ObservedHost.Create();
        var now = DateTimeOffset.UtcNow;
        await first.Service<IBatchIngest>().IngestAsync(Batches.Of("x", [Batches.Sample("a", now, sequence: 1), Batches.Sample("b", now, sequence: 2)]), IngestOrigin.InProcess, Ct);
        await second.Service<IBatchIngest>().IngestAsync(Batches.Of("y", [Batches.Sample("c", now, sequence: 1, host: "other")], host: "other"), IngestOrigin.InProcess, Ct);

        var one = await first.ScrapeAsync();
        var two = await second.ScrapeAsync();

        Assert.Equal(2, one.Value("wakedock_ingest_samples_total"));
        Assert.Equal(1, two.Value("wakedock_ingest_samples_total"));
        Assert.Equal(["/docker/a", "/docker/b"], one.Of("container_last_seen").Select(s => s.Label("id")).Order());
        Assert.Equal(["/docker/c"], two.Of("container_last_seen").Select(s => s.Label("id")));
    }

    [Fact]
    public async Task TheRuntimeAndTheStorageVolumeAreInTheScrape()
    {
        await using var host = ObservedHost.Create();

        var scrape = await host.ScrapeAsync();

        Assert.True(scrape.Value("dotnet_process_memory_working_set_bytes") > 10_000_000);
        Assert.True(scrape.Value("dotnet_thread_pool_thread_count_total") >= 1);
        Assert.NotEmpty(scrape.Of("dotnet_gc_collections_total", ("gc_heap_generation", "gen0")));
        Assert.True(scrape.Value("dotnet_process_cpu_time_seconds_total", ("cpu_mode", "user")) > 0);
        var available = scrape.Value("wakedock_volume_available_bytes", ("volume", "storage"));
        var size = scrape.Value("wakedock_volume_size_bytes", ("volume", "storage"));
        var drive = new DriveInfo(host.Folder);
        Assert.Equal(drive.TotalSize, size);
        Assert.InRange(available, drive.AvailableFreeSpace - 1_000_000_000L, drive.AvailableFreeSpace + 1_000_000_000L);
        Assert.Equal(Path.Combine(host.Folder, "metrics"), scrape.Of("wakedock_volume_size_bytes", ("volume", "storage")).Single().Label("path"));
        Assert.Empty(scrape.Of("wakedock_volume_size_bytes", ("volume", "spool")));
    }

    [Fact]
    public async Task ContainerSeriesCanBeTurnedOffAndTheScrapeMoved()
    {
        await using var host = ObservedHost.Create(new Dictionary<string, string?>
        {
            ["WakeDock:Observability:ContainerMetrics"] = "false",
            ["WakeDock:Observability:MetricsPath"] = "/internal/metrics",
        });
        using var client = host.CreateClient();
        await host.Service<IBatchIngest>().IngestAsync(Batches.Of("x", [Batches.Sample("a", DateTimeOffset.UtcNow, sequence: 1)]), IngestOrigin.InProcess, Ct);

        var moved = new Exposition(await client.GetStringAsync("/internal/metrics", Ct));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(1, moved.Value("wakedock_ingest_samples_total"));
        Assert.DoesNotContain(moved.SeriesNames, name => name.StartsWith("container_", StringComparison.Ordinal));
    }

    private static async Task PostAsync(HttpClient client, CloudEvent<SampleBatch> batch)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventTypes.MediaType);
        var response = await client.PostAsync("/ingest/samples", content, Ct);
        Assert.Contains("SUCCESS", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
