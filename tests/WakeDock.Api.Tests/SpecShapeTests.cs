using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using WakeDock.Api.Tests.Support;

namespace WakeDock.Api.Tests;

/// <summary>Every endpoint of the spec answers in the shape of its example in seeds/001, field by field, with the values stored.</summary>
public sealed class SpecShapeTests
{
    private const string Api = "/api/v1/monitoring";
    private static readonly HashSet<string> Moment = ["timestamp", "last_update"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset AMinuteAgo()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddMinutes(-1);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task MetricsAnswerTheSpecsExampleFieldByField()
    {
        await using var app = ApiApplication.Create();
        var at = AMinuteAgo();
        await app.IngestAsync(Batches.SpecSample(at));
        using var client = app.Client();

        var samples = await JsonAsync(await client.GetAsync($"{Api}/metrics?container_id=abc123&hours=1&limit=1000", Ct));

        Assert.Single(samples.AsArray());
        SpecJson.AssertContains(SpecJson.Example("metrics_response.json"), samples, Moment);
        Assert.Equal(Batches.Time(at), samples[0]!["timestamp"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheAdvancedQueryTakesTheSpecsBody()
    {
        await using var app = ApiApplication.Create();
        var at = AMinuteAgo();
        await app.IngestAsync(Batches.SpecSample(at.AddHours(-20)));
        await app.IngestAsync(Batches.SpecSample(at));
        await app.IngestAsync(Batches.SpecSample(at, id: "def456", name: "db", service: "db"));
        using var client = app.Client();

        using var body = new StringContent(SpecJson.Example("metrics_query_request.json").ToJsonString(), Encoding.UTF8, "application/json");
        var samples = (await JsonAsync(await client.PostAsync($"{Api}/metrics/query", body, Ct))).AsArray();

        Assert.Equal(2, samples.Count);
        Assert.All(samples, s => Assert.Equal("abc123", s!["container_id"]!.GetValue<string>()));
        Assert.Equal([Batches.Time(at), Batches.Time(at.AddHours(-20))], samples.Select(s => s!["timestamp"]!.GetValue<string>()));
        SpecJson.AssertContains(SpecJson.Example("metrics_response.json"), samples, Moment);
    }

    [Fact]
    public async Task AlertsAnswerTheSpecsExampleFieldByField()
    {
        await using var app = ApiApplication.Create();
        var at = AMinuteAgo();
        await app.IngestAsync(Batches.SpecSample(at, cpu: 95.0));
        using var client = app.Client();

        var alerts = await JsonAsync(await client.GetAsync($"{Api}/alerts?level=critical&hours=24", Ct));

        Assert.Single(alerts.AsArray());
        SpecJson.AssertContains(SpecJson.Example("alerts_response.json"), alerts, Moment);
        Assert.Equal(Batches.Time(at), alerts[0]!["timestamp"]!.GetValue<string>());
        Assert.Equal("firing", alerts[0]!["state"]!.GetValue<string>());
        Assert.Equal("host-1", alerts[0]!["host"]!.GetValue<string>());
        Assert.Empty((await JsonAsync(await client.GetAsync($"{Api}/alerts?level=warning&hours=24", Ct))).AsArray());
    }

    [Fact]
    public async Task StatusHasTheSpecsFieldsAndTellsTheTruth()
    {
        await using var app = ApiApplication.Create(new Dictionary<string, string?> { ["WakeDock:Retention:MetricsDays"] = "9" });
        using var client = app.Client();
        var before = await JsonAsync(await client.GetAsync($"{Api}/status", Ct));
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-1)), Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-1), id: "def456", name: "db"));

        var status = await JsonAsync(await client.GetAsync($"{Api}/status", Ct));

        SpecJson.AssertSameShape(SpecJson.Example("status_response.json"), status);
        Assert.False(before["monitoring"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(0, before["monitoring"]!["monitored_containers"]!.GetValue<int>());
        Assert.True(status["monitoring"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(2, status["monitoring"]!["monitored_containers"]!.GetValue<int>());
        Assert.Equal(5, status["monitoring"]!["collection_interval"]!.GetValue<double>());
        Assert.Equal(9, status["monitoring"]!["retention_days"]!.GetValue<int>());
        Assert.Equal("host-1", status["monitoring"]!["hosts"]![0]!["host"]!.GetValue<string>());
        Assert.Equal(0, status["websocket"]!["active_connections"]!.GetValue<int>());
    }

    [Fact]
    public async Task ContainersAnswerTheSpecsExampleFieldByField()
    {
        await using var app = ApiApplication.Create();
        var at = AMinuteAgo();
        await app.IngestAsync(Batches.SpecSample(at.AddSeconds(-5)));
        await app.IngestAsync(Batches.SpecSample(at));
        using var client = app.Client();

        var list = await JsonAsync(await client.GetAsync($"{Api}/containers", Ct));

        SpecJson.AssertContains(SpecJson.Example("containers_response.json"), list, Moment);
        var container = list["containers"]![0]!;
        Assert.Equal(Batches.Time(at), container["last_update"]!.GetValue<string>());
        Assert.Equal("host-1", container["host"]!.GetValue<string>());
        Assert.Equal(15, container["pids"]!.GetValue<long>());
        Assert.Single(list["containers"]!.AsArray());
        var one = await JsonAsync(await client.GetAsync($"{Api}/containers/web-server", Ct));
        Assert.Equal("abc123", one["container_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ThresholdsTakeTheSpecsBodyAndKeepIt()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();
        var example = SpecJson.Example("threshold_put.json");

        using var put = await client.PutAsync($"{Api}/thresholds/cpu_percent", new StringContent(example.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        var stored = await JsonAsync(put);
        var all = await JsonAsync(await client.GetAsync($"{Api}/thresholds", Ct));
        var one = await JsonAsync(await client.GetAsync($"{Api}/thresholds/cpu_percent", Ct));

        SpecJson.AssertContains(example, stored);
        SpecJson.AssertContains(example, all.AsArray().Single(t => t!["metric_type"]!.GetValue<string>() == "cpu_percent"));
        SpecJson.AssertContains(example, one);
        var memory = all.AsArray().Single(t => t!["metric_type"]!.GetValue<string>() == "memory_percent")!;
        Assert.Equal((80.0, 95.0), (memory["warning_threshold"]!.GetValue<double>(), memory["critical_threshold"]!.GetValue<double>()));
    }

    [Fact]
    public async Task StatisticsCountWhatWasIngested()
    {
        await using var app = ApiApplication.Create();
        await app.IngestAsync(Batches.SpecSample(AMinuteAgo()), Batches.SpecSample(AMinuteAgo(), id: "def456", name: "db"));
        await app.IngestAsync(Batches.SpecSample(AMinuteAgo().AddSeconds(5), cpu: 99));
        using var client = app.Client();
        await client.GetAsync($"{Api}/status", Ct);

        var statistics = await JsonAsync(await client.GetAsync($"{Api}/statistics", Ct));

        Assert.Equal(3, statistics["samples_total"]!.GetValue<long>());
        Assert.Equal(2, statistics["batches_total"]!.GetValue<long>());
        Assert.Equal(1.0, statistics["success_rate"]!.GetValue<double>());
        Assert.Equal(1, statistics["alerts_total"]!.GetValue<long>());
        Assert.Equal(1, statistics["open_alerts"]!.GetValue<int>());
        Assert.True(statistics["api_requests_total"]!.GetValue<long>() >= 1);
        Assert.True(statistics["average_api_latency_ms"]!.GetValue<double>() > 0);
        Assert.True(statistics["memory_working_set_bytes"]!.GetValue<long>() > 10_000_000);
        Assert.True(statistics["average_ingest_latency_ms"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task TheSpecsAnswersAreJsonWithSnakeCaseAndNoCaching()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();

        using var response = await client.GetAsync($"{Api}/metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("raw", response.Headers.GetValues("X-WakeDock-Resolution").Single());
        var json = await client.GetFromJsonAsync<JsonObject>($"{Api}/status", Ct);
        Assert.All(json!["monitoring"]!.AsObject(), p => Assert.Equal(p.Key.ToLowerInvariant(), p.Key));
    }
}
