using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using WakeDock.Api.Tests.Support;
using WakeDock.Functions.Api;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>Answers of the metrics query kept serialized: byte for byte what a fresh query says, and never once it would say otherwise.</summary>
public sealed class MetricsAnswerCacheTests
{
    private const string Api = "/api/v1/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<WakeDockApplication> WithSamplesAsync(long cacheBytes = 32L * 1024 * 1024)
    {
        var app = ApiApplication.Create(new Dictionary<string, string?> { ["WakeDock:Storage:AnswerCacheBytes"] = cacheBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var now = DateTimeOffset.UtcNow;
        for (var s = 300; s >= 5; s -= 5)
        {
            await app.IngestAsync(Batches.SpecSample(now.AddSeconds(-s), cpu: s, id: "aaa111"), Batches.SpecSample(now.AddSeconds(-s), cpu: s / 2.0, id: "bbb222", service: "db"));
        }

        return app;
    }

    [Fact]
    public async Task ACachedAnswerIsByteForByteTheAnswerOfAHostWithoutCache()
    {
        await using var cached = await WithSamplesAsync();
        await using var uncached = await WithSamplesAsync(cacheBytes: 0);
        using var client = cached.Client();
        using var plain = uncached.Client();
        var url = $"{Api}/metrics?service_name=web&hours=1&limit=40";

        var first = await client.GetByteArrayAsync(url, Ct);
        var second = await client.GetAsync(url, Ct);
        var reference = await plain.GetByteArrayAsync(url, Ct);

        Assert.Equal(1, cached.Service<MetricsAnswerCache>().Count);
        Assert.Equal(0, uncached.Service<MetricsAnswerCache>().Count);
        Assert.Equal(first, await second.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/json; charset=utf-8", second.Content.Headers.ContentType!.ToString());
        Assert.Equal("true", second.Headers.GetValues("X-WakeDock-Truncated").Single());
        Assert.Equal(40, JsonNode.Parse(first)!.AsArray().Count);
        // the two hosts were fed apart in time and sequence: compare everything but timestamps and sequence numbers
        Assert.Equal(Shape(reference), Shape(first));
    }

    [Fact]
    public async Task ASampleAddedAfterwardsIsInTheNextAnswer()
    {
        await using var app = await WithSamplesAsync();
        using var client = app.Client();
        var url = $"{Api}/metrics?container_id=aaa111&hours=1";
        var before = JsonNode.Parse(await client.GetStringAsync(url, Ct))!.AsArray();

        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow, cpu: 99.5, id: "aaa111"));
        var after = JsonNode.Parse(await client.GetStringAsync(url, Ct))!.AsArray();

        Assert.Equal(60, before.Count);
        Assert.Equal(61, after.Count);
        Assert.Equal(99.5, after[0]!["cpu_percent"]!.GetValue<double>());
    }

    [Fact]
    public async Task TheOldestSampleLeavesTheAnswerWhenTheWindowSlidesPastIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = ApiApplication.Create(time: clock);
        var now = clock.GetUtcNow();
        await app.IngestAsync(Batches.SpecSample(now.AddSeconds(-21), cpu: 33, id: "aaa111"), Batches.SpecSample(now.AddSeconds(-1), cpu: 1, id: "aaa111"));
        using var client = app.Client();
        var url = $"{Api}/metrics?container_id=aaa111&hours=0.01"; // 36 s

        var before = JsonNode.Parse(await client.GetStringAsync(url, Ct))!.AsArray();
        clock.Advance(TimeSpan.FromSeconds(16));
        var after = JsonNode.Parse(await client.GetStringAsync(url, Ct))!.AsArray();

        Assert.Equal([1.0, 33.0], before.Select(s => s!["cpu_percent"]!.GetValue<double>()));
        Assert.Equal([1.0], after.Select(s => s!["cpu_percent"]!.GetValue<double>()));
    }

    private static string Shape(byte[] json)
    {
        var samples = JsonNode.Parse(json)!.AsArray();
        foreach (var sample in samples)
        {
            sample!.AsObject().Remove("timestamp");
            sample.AsObject().Remove("sequence");
        }

        return samples.ToJsonString();
    }
}
