using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using WakeDock.Api.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>What the API adds to the spec: host filter, absolute windows, downsampling, overrides and their removal, streamed exports.</summary>
public sealed class BeyondSpecTests
{
    private const string Api = "/api/v1/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // One minute for the whole class: read anew per call, a minute boundary between ingest and query moved every window.
    private static readonly DateTimeOffset ThisMinute = FlooredToMinute(DateTimeOffset.UtcNow);

    private static DateTimeOffset FlooredToMinute(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static DateTimeOffset Minute(int minutesAgo) => ThisMinute.AddMinutes(-minutesAgo);

    private static async Task<JsonArray> ArrayAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    /// <summary>Two hosts, a container each, one sample a minute for the last 30 minutes (CPU = minutes ago).</summary>
    private static async Task<WakeDockApplication> TwoHostsAsync()
    {
        var app = ApiApplication.Create();
        for (var m = 30; m >= 1; m--)
        {
            await app.IngestAsync(Batches.SpecSample(Minute(m), cpu: m, id: "aaa111", name: "api", service: "api", host: "host-a"));
            await app.IngestAsync(Batches.SpecSample(Minute(m), cpu: 2 * m, id: "bbb222", name: "db", service: "db", host: "host-b"));
        }

        return app;
    }

    [Fact]
    public async Task TheHostFilterKeepsOneHostsContainers()
    {
        await using var app = await TwoHostsAsync();
        using var client = app.Client();

        var samples = await ArrayAsync(client, $"{Api}/metrics?host=host-b&hours=1");
        var containers = JsonNode.Parse(await client.GetStringAsync($"{Api}/containers?host=host-a", Ct))!["containers"]!.AsArray();

        Assert.Equal(30, samples.Count);
        Assert.All(samples, s => Assert.Equal("bbb222", s!["container_id"]!.GetValue<string>()));
        Assert.Equal("aaa111", Assert.Single(containers)!["container_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task FromAndToBoundTheWindowInclusively()
    {
        await using var app = await TwoHostsAsync();
        using var client = app.Client();

        var samples = await ArrayAsync(client, $"{Api}/metrics?container_id=aaa111&from={Batches.Time(Minute(20))}&to={Batches.Time(Minute(11))}");
        var ending = await ArrayAsync(client, $"{Api}/metrics?container_id=aaa111&to={Batches.Time(Minute(20))}&hours=0.25");

        Assert.Equal(Enumerable.Range(11, 10).Select(m => (double)m), samples.Select(s => s!["cpu_percent"]!.GetValue<double>()));
        Assert.Equal(Enumerable.Range(20, 11).Select(m => (double)m), ending.Select(s => s!["cpu_percent"]!.GetValue<double>()));
    }

    [Fact]
    public async Task StepDownsamplesIntoAveragedBuckets()
    {
        await using var app = await TwoHostsAsync();
        using var client = app.Client();
        var from = Minute(30);

        using var response = await client.GetAsync($"{Api}/metrics?container_id=aaa111&from={Batches.Time(from)}&to={Batches.Time(from.AddMinutes(30))}&step=10m", Ct);
        var buckets = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsArray();

        Assert.Equal("600", response.Headers.GetValues("X-WakeDock-Step").Single());
        Assert.Equal(3, buckets.Count);
        // minutes-ago 30..21, 20..11, 10..1 (the window's end falls into the last bucket)
        Assert.Equal([25.5, 15.5, 5.5], buckets.Select(b => b!["cpu_percent"]!.GetValue<double>()));
        Assert.Equal([Batches.Time(from), Batches.Time(from.AddMinutes(10)), Batches.Time(from.AddMinutes(20))], buckets.Select(b => b!["timestamp"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AContainerOverrideAppliesToItAloneUntilDeleted()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();
        var body = """{"metric_type":"cpu_percent","warning_threshold":50,"critical_threshold":60,"enabled":true,"container_id":"abc123"}""";

        using var put = await client.PutAsync($"{Api}/thresholds/cpu_percent", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await app.IngestAsync(Batches.SpecSample(Minute(2), cpu: 55), Batches.SpecSample(Minute(2), cpu: 55, id: "def456", name: "db"));

        var resolved = JsonNode.Parse(await client.GetStringAsync($"{Api}/thresholds/cpu_percent?container_id=abc123", Ct))!;
        var alerts = await ArrayAsync(client, $"{Api}/alerts?hours=1");
        Assert.Equal(50, resolved["warning_threshold"]!.GetValue<double>());
        var alert = Assert.Single(alerts)!;
        Assert.Equal(("abc123", "warning", 50.0), (alert["container_id"]!.GetValue<string>(), alert["level"]!.GetValue<string>(), alert["threshold"]!.GetValue<double>()));

        using var delete = await client.DeleteAsync($"{Api}/thresholds/cpu_percent?container_id=abc123", Ct);
        using var again = await client.DeleteAsync($"{Api}/thresholds/cpu_percent?container_id=abc123", Ct);
        var after = JsonNode.Parse(await client.GetStringAsync($"{Api}/thresholds/cpu_percent?container_id=abc123", Ct))!;
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(70, after["warning_threshold"]!.GetValue<double>());
        Assert.DoesNotContain(JsonNode.Parse(await client.GetStringAsync($"{Api}/thresholds", Ct))!.AsArray(), t => t!["container_id"] is not null);
    }

    [Fact]
    public async Task AServiceOverrideAndAGlobalResetAreKept()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();

        using var service = await client.PutAsync($"{Api}/thresholds/memory_percent", new StringContent("""{"warning_threshold":60,"critical_threshold":70,"service_name":"db"}""", Encoding.UTF8, "application/json"), Ct);
        using var global = await client.PutAsync($"{Api}/thresholds/memory_percent", new StringContent("""{"warning_threshold":85,"critical_threshold":97}""", Encoding.UTF8, "application/json"), Ct);
        var forDb = JsonNode.Parse(await client.GetStringAsync($"{Api}/thresholds/memory_percent?service_name=db", Ct))!;
        var forWeb = JsonNode.Parse(await client.GetStringAsync($"{Api}/thresholds/memory_percent?service_name=web", Ct))!;
        using var reset = await client.DeleteAsync($"{Api}/thresholds/memory_percent", Ct);
        var afterReset = JsonNode.Parse(await client.GetStringAsync($"{Api}/thresholds/memory_percent", Ct))!;

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent), (service.StatusCode, global.StatusCode, reset.StatusCode));
        Assert.Equal(60, forDb["warning_threshold"]!.GetValue<double>());
        Assert.Equal(85, forWeb["warning_threshold"]!.GetValue<double>());
        Assert.Equal(80, afterReset["warning_threshold"]!.GetValue<double>());
    }

    [Fact]
    public async Task MetricsExportInEveryFormatHoldsEverySampleOfTheWindow()
    {
        await using var app = await TwoHostsAsync();
        using var client = app.Client();
        var window = $"from={Batches.Time(Minute(30))}&to={Batches.Time(Minute(1))}";

        using var json = await client.GetAsync($"{Api}/export/metrics?{window}", Ct);
        using var ndjson = await client.GetAsync($"{Api}/export/metrics?{window}&host=host-a&format=ndjson", Ct);
        using var csv = await client.GetAsync($"{Api}/export/metrics?{window}&format=csv", Ct);

        var array = JsonNode.Parse(await json.Content.ReadAsStringAsync(Ct))!.AsArray();
        Assert.Equal(60, array.Count);
        Assert.Equal("attachment", json.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", json.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var lines = (await ndjson.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("application/x-ndjson", ndjson.Content.Headers.ContentType?.MediaType);
        Assert.Equal(30, lines.Length);
        Assert.All(lines, l => Assert.Equal("host-a", JsonNode.Parse(l)!["host"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(1, 30).Reverse().Select(m => (double)m), lines.Select(l => JsonNode.Parse(l)!["cpu_percent"]!.GetValue<double>()));
        var rows = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("container_id,container_name,service_name,host,image,timestamp,cpu_percent,memory_usage", rows[0], StringComparison.Ordinal);
        Assert.Equal(61, rows.Length);
        Assert.Contains(rows, r => r.StartsWith("bbb222,db,db,host-b,nginx:1.27," + Batches.Time(Minute(30)) + ",60,536870912,1073741824,50,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AlertsExportKeepsTheSpecsFrenchMessagesOldestFirst()
    {
        await using var app = ApiApplication.Create();
        await app.IngestAsync(Batches.SpecSample(Minute(3), cpu: 80));
        await app.IngestAsync(Batches.SpecSample(Minute(2), cpu: 95));
        using var client = app.Client();

        var csv = await client.GetStringAsync($"{Api}/export/alerts?format=csv&hours=1", Ct);
        var json = JsonNode.Parse(await client.GetStringAsync($"{Api}/export/alerts?hours=1", Ct))!.AsArray();

        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,container_id,container_name,service_name,host,timestamp,level,state,metric_type,value,threshold,message", rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.EndsWith(",warning,firing,cpu_percent,80,70,CPU élevé: 80.0% (seuil: 70%)", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",critical,firing,cpu_percent,95,90,CPU critique: 95.0% (seuil: 90%)", rows[2], StringComparison.Ordinal);
        Assert.Equal(["warning", "critical"], json.Select(a => a!["level"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnExportOfOlderDaysReadsTheStoredSegments()
    {
        await using var app = ApiApplication.Create(new Dictionary<string, string?> { ["WakeDock:Storage:HotWindow"] = "00:10:00" });
        var old = Minute(60 * 30);
        for (var i = 0; i < 5; i++)
        {
            await app.IngestAsync(Batches.SpecSample(old.AddMinutes(i), cpu: i));
        }

        await app.IngestAsync(Batches.SpecSample(Minute(1), cpu: 42));
        using var client = app.Client();

        var lines = (await client.GetStringAsync($"{Api}/export/metrics?format=ndjson&hours=48", Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal([0.0, 1, 2, 3, 4, 42], lines.Select(l => JsonNode.Parse(l)!["cpu_percent"]!.GetValue<double>()));
        Assert.Equal(old.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), JsonNode.Parse(lines[0])!["timestamp"]!.GetValue<string>());
    }
}
