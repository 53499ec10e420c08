using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using WakeDock.Api.Tests.Support;

namespace WakeDock.Api.Tests;

/// <summary>The detailed health of the 003 document, and liveness.</summary>
public sealed class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachCheckHasAStatusAndTheWholeIsHealthy()
    {
        await using var app = ApiApplication.Create();
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-2)));
        using var client = app.Client();

        using var response = await client.GetAsync("/api/health", Ct);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", health["status"]!.GetValue<string>());
        var services = health["services"]!;
        Assert.Equal(("healthy", true, "local"), (services["storage"]!["status"]!.GetValue<string>(), services["storage"]!["writable"]!.GetValue<bool>(), services["storage"]!["kind"]!.GetValue<string>()));
        Assert.InRange(services["disk"]!["free_percent"]!.GetValue<double>(), 0.01, 100);
        Assert.StartsWith(app.DataPath, services["disk"]!["path"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.InRange(services["memory"]!["percent_used"]!.GetValue<double>(), 0.01, 100);
        Assert.True(services["memory"]!["process_working_set_bytes"]!.GetValue<long>() > 0);
        Assert.Equal("healthy", services["ingest"]!["status"]!.GetValue<string>());
        Assert.InRange(services["ingest"]!["last_ingest_age_seconds"]!.GetValue<double>(), 0, 30);
        Assert.Null(services["docker"]);
        Assert.True(File.Exists(Path.Combine(app.DataPath, "metrics", "state", "health-probe.json")));
    }

    [Fact]
    public async Task StorageThatCannotBeWrittenIsUnhealthyAnd503()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();
        await client.GetAsync("/health", Ct);
        Directory.CreateDirectory(Path.Combine(app.DataPath, "metrics", "state", "health-probe.json"));

        using var response = await client.GetAsync("/api/health", Ct);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("degraded", health["status"]!.GetValue<string>());
        Assert.Equal("unhealthy", health["services"]!["storage"]!["status"]!.GetValue<string>());
        Assert.False(health["services"]!["storage"]!["writable"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(health["services"]!["storage"]!["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task BeforeAnyAgentDeliversIngestIsAWarningNotAFailure()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();

        using var response = await client.GetAsync("/api/health", Ct);
        var ingest = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["services"]!["ingest"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("warning", ingest["status"]!.GetValue<string>());
        Assert.Equal("no agent has delivered a batch yet", ingest["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASilentPipelineIsUnhealthyAfterTwelveIntervals()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = ApiApplication.Create(new Dictionary<string, string?> { ["WakeDock:Collection:IntervalSeconds"] = "0.1", ["WakeDock:Api:Health:ProbeCacheTtl"] = "00:00:00" }, time: clock);
        await app.IngestAsync(Batches.SpecSample(clock.GetUtcNow().AddSeconds(-1)));
        using var client = app.Client();
        clock.Advance(TimeSpan.FromSeconds(1.5));

        using var response = await client.GetAsync("/api/health", Ct);
        var ingest = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["services"]!["ingest"]!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", ingest["status"]!.GetValue<string>());
        Assert.StartsWith("no batch for ", ingest["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
