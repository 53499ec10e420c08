using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;

namespace WakeDock.Api.Tests;

/// <summary><c>/incidents</c>: raised alerts of one service (or host) within a minute of one another, grouped with their members.</summary>
public sealed class IncidentsApiTests
{
    private const string Api = "/api/v1/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AlertsOfOneServiceWithinAMinuteAreOneIncidentAndAnotherServiceIsAnother()
    {
        await using var app = ApiApplication.Create();
        var now = DateTimeOffset.UtcNow;
        // web-1 and web-2 burn 20 s apart; db burned ten minutes earlier
        await app.IngestAsync(Batches.SpecSample(now.AddMinutes(-10), cpu: 99, id: "db0001", name: "db", service: "db"));
        await app.IngestAsync(Batches.SpecSample(now.AddSeconds(-30), cpu: 99, id: "web001", name: "web-1"));
        await app.IngestAsync(Batches.SpecSample(now.AddSeconds(-10), cpu: 99, id: "web002", name: "web-2"));
        using var client = app.Client();

        var incidents = JsonNode.Parse(await client.GetStringAsync($"{Api}/incidents?hours=1", Ct))!["incidents"]!.AsArray();
        var onlyDb = JsonNode.Parse(await client.GetStringAsync($"{Api}/incidents?hours=1&service_name=db", Ct))!["incidents"]!.AsArray();
        using var unknown = await client.GetAsync($"{Api}/incidents?state=open", Ct);

        Assert.Equal(["service:web", "service:db"], incidents.Select(i => i!["subject"]!.GetValue<string>()));
        var web = incidents[0]!;
        Assert.Equal((2, "critical"), (web["count"]!.GetValue<int>(), web["level"]!.GetValue<string>()));
        Assert.Equal(["web-1", "web-2"], web["members"]!.AsArray().Select(m => m!["container_name"]!.GetValue<string>()).Order());
        Assert.Equal(1, incidents[1]!["count"]!.GetValue<int>());
        Assert.Equal("service:db", Assert.Single(onlyDb)!["subject"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}
