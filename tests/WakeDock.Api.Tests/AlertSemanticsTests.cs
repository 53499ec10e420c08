using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;

namespace WakeDock.Api.Tests;

/// <summary>The spec's <c>/alerts</c> lists raised alerts; resolutions are their own records; <c>/statistics</c> means what the spec says.</summary>
public sealed class AlertSemanticsTests
{
    private const string Api = "/api/v1/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset MinutesAgo(int minutes) => DateTimeOffset.UtcNow.AddMinutes(-minutes);

    private static async Task<string[]> StatesAsync(HttpClient client, string query)
    {
        var text = await client.GetStringAsync($"{Api}/alerts?{query}", Ct);
        return JsonNode.Parse(text)!.AsArray().Select(a => $"{a!["state"]} {a["level"]}").ToArray();
    }

    [Fact]
    public async Task AlertsListRaisedAlertsAndResolutionsOnlyWhenAskedFor()
    {
        await using var app = ApiApplication.Create();
        await app.IngestAsync(Batches.SpecSample(MinutesAgo(5), cpu: 95));
        await app.IngestAsync(Batches.SpecSample(MinutesAgo(4), cpu: 10));
        using var client = app.Client();

        Assert.Equal(["firing critical"], await StatesAsync(client, "hours=1"));
        Assert.Equal(["firing critical"], await StatesAsync(client, "level=critical&hours=1"));
        Assert.Equal(["resolved critical"], await StatesAsync(client, "state=resolved&hours=1"));
        Assert.Equal(["resolved critical", "firing critical"], await StatesAsync(client, "state=all&hours=1"));
        Assert.Equal(["firing critical"], await StatesAsync(client, "state=all&level=critical&hours=1"));
        Assert.Empty(await StatesAsync(client, "state=resolved&level=critical&hours=1"));
    }

    [Fact]
    public async Task GroupedAlertsCountTheRepeatedEpisodesOfAContainer()
    {
        await using var app = ApiApplication.Create();
        foreach (var (minutes, cpu) in new[] { (10, 80.0), (9, 10.0), (8, 80.0), (7, 10.0), (6, 95.0) })
        {
            await app.IngestAsync(Batches.SpecSample(MinutesAgo(minutes), cpu: cpu));
        }

        using var client = app.Client();

        var grouped = JsonNode.Parse(await client.GetStringAsync($"{Api}/alerts?hours=1&grouped=true", Ct))!.AsArray();
        var plain = JsonNode.Parse(await client.GetStringAsync($"{Api}/alerts?hours=1", Ct))!.AsArray();

        var group = Assert.Single(grouped)!;
        Assert.Equal((3, "critical"), (group["occurrences"]!.GetValue<int>(), group["level"]!.GetValue<string>()));
        Assert.True(group["first_timestamp"]!.GetValue<DateTimeOffset>() < group["last_timestamp"]!.GetValue<DateTimeOffset>());
        Assert.Equal(3, plain.Count);
        Assert.All(plain, a => Assert.Null(a!["occurrences"]));
    }

    [Fact]
    public async Task StatisticsAnswerTheSpecsIndicatorsFromKnownInputs()
    {
        await using var app = ApiApplication.Create();
        var ingest = app.Service<IBatchIngest>();
        foreach (var (secondsAgo, cpu, attempted, failed) in new[] { (30, 95.0, 4, 1), (20, 10.0, 4, 0), (10, 80.0, 2, 0) })
        {
            var batch = Batches.Of([Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-secondsAgo), cpu: cpu)]);
            var counted = batch with { Data = batch.Data! with { ReadsAttempted = attempted, ReadsFailed = failed } };
            Assert.Equal(IngestStatus.Success, (await ingest.IngestAsync(counted, IngestOrigin.Dapr, Ct)).Status);
        }

        using var client = app.Client();
        await client.GetAsync($"{Api}/status", Ct);

        var statistics = JsonNode.Parse(await client.GetStringAsync($"{Api}/statistics", Ct))!;

        Assert.Equal(0.9, statistics["success_rate"]!.GetValue<double>());
        Assert.Equal((10, 1), (statistics["collection_reads_attempted"]!.GetValue<long>(), statistics["collection_reads_failed"]!.GetValue<long>()));
        Assert.Equal(2, statistics["alerts_per_hour"]!.GetValue<double>());
        Assert.Equal(3, statistics["alerts_total"]!.GetValue<long>());
        Assert.True(statistics["average_api_latency_ms"]!.GetValue<double>() > 0);
        Assert.True(statistics["memory_working_set_bytes"]!.GetValue<long>() > 10_000_000);
    }
}
