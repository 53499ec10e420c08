using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using WakeDock.Functions.Api;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Observability.Tests.Support;

namespace WakeDock.Observability.Tests.Metrics;

public sealed class StreamAndScrapeAccessTests
{
    private const string ReaderKey = "wd-reader-obs-5e7a9c1b3d";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheLiveStreamsCountsAreReadAtEachScrapeFromWhatTheStatusReports()
    {
        var streams = new CountedStreams { Counts = new StreamConnectionCounts(3, 7, 120) };
        await using var host = ObservedHost.Create(services: s => s.Replace(ServiceDescriptor.Singleton<IStreamConnections>(streams)));
        using var client = host.CreateClient();

        var first = await host.ScrapeAsync(client);
        streams.Counts = new StreamConnectionCounts(1, 9, 500);
        var second = await host.ScrapeAsync(client);

        Assert.Equal("gauge", first.Types["wakedock_stream_connections"]);
        Assert.Equal(3, first.Value("wakedock_stream_connections"));
        Assert.Equal(7, first.Value("wakedock_stream_connections_opened_total"));
        Assert.Equal(120, first.Value("wakedock_stream_messages_sent_total"));
        Assert.Equal(1, second.Value("wakedock_stream_connections"));
        Assert.Equal(9, second.Value("wakedock_stream_connections_opened_total"));
        Assert.Equal(500, second.Value("wakedock_stream_messages_sent_total"));
        Assert.Equal("counter", first.Types["wakedock_live_dropped_total"]);
    }

    [Fact]
    public async Task WithApiKeysTheScrapeStaysOpenWhileTheApiAsksForAKey()
    {
        await using var host = ObservedHost.Create(WithReaderKey());
        using var client = host.CreateClient();

        var api = await client.GetAsync("/api/v1/monitoring/status", Ct);
        var scrape = await client.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("# TYPE http_requests_total counter", await scrape.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProtectMetricsAsksForAReaderKeyAndCountsTheRefusal()
    {
        await using var host = ObservedHost.Create(WithReaderKey(("WakeDock:Security:ProtectMetrics", "true")));
        using var client = host.CreateClient();

        var anonymous = await client.GetAsync("/metrics", Ct);
        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        keyed.Headers.Add("X-Api-Key", ReaderKey);
        var allowed = await client.SendAsync(keyed, Ct);
        var scrape = new Exposition(await allowed.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(1, scrape.Value("http_requests_total", ("method", "GET"), ("endpoint", "/metrics"), ("status", "401")));
    }

    private static Dictionary<string, string?> WithReaderKey(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["WakeDock:Security:ApiKeys:0:Name"] = "prometheus",
            ["WakeDock:Security:ApiKeys:0:Role"] = "Reader",
            ["WakeDock:Security:ApiKeys:0:Hash"] = KeyHash.Of(ReaderKey),
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private sealed class CountedStreams : IStreamConnections
    {
        public StreamConnectionCounts Counts { get; set; } = new(0, 0, 0);
    }
}
