using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>
/// One definition of a monitored container: a sample within three collection intervals of its host. <c>/status</c>
/// counts exactly the <c>/containers</c> entries marked active; the list also keeps, inactive, those seen within the hot window.
/// </summary>
public sealed class MonitoredContainersTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private const string Api = "/api/v1/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Monitored, string[] Listed, string[] Active)> ReadAsync(HttpClient client)
    {
        var status = JsonNode.Parse(await client.GetStringAsync($"{Api}/status", Ct))!;
        var all = JsonNode.Parse(await client.GetStringAsync($"{Api}/containers", Ct))!["containers"]!.AsArray();
        var active = JsonNode.Parse(await client.GetStringAsync($"{Api}/containers?active=true", Ct))!["containers"]!.AsArray();
        return (status["monitoring"]!["monitored_containers"]!.GetValue<int>(),
            all.Select(c => c!["container_name"]!.GetValue<string>()).ToArray(),
            active.Select(c => c!["container_name"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task StatusCountsTheContainersListedAsActive()
    {
        await using var app = ApiApplication.Create();
        var now = DateTimeOffset.UtcNow;
        // interval 5 s: a sample 2 s old is monitored, one 2 minutes old is not (but stays in the two-hour list)
        await app.IngestAsync(Batches.SpecSample(now.AddMinutes(-2), id: "old000", name: "gone"));
        await app.IngestAsync(Batches.SpecSample(now.AddSeconds(-2)), Batches.SpecSample(now.AddSeconds(-2), id: "def456", name: "db"));
        using var client = app.Client();

        var (monitored, listed, active) = await ReadAsync(client);
        var gone = JsonNode.Parse(await client.GetStringAsync($"{Api}/containers/gone", Ct))!;

        Assert.Equal(2, monitored);
        Assert.Equal(["db", "web-server"], active);
        Assert.Equal(["db", "gone", "web-server"], listed);
        Assert.False(gone["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EmbeddedTheCountIsTheSameDefinition()
    {
        docker.Require();
        var sleeper = await docker.StartIdleAsync("api-monitored");
        await using var app = ApiApplication.Create(embeddedDockerHost: docker.DockerHost);
        using var client = app.Client();

        // other tests start and stop containers on the same engine: wait for one moment where both answers agree
        await Eventually.TrueAsync(async () =>
        {
            var (monitored, _, active) = await ReadAsync(client);
            return active.Contains(sleeper.Name) && monitored == active.Length;
        }, TimeSpan.FromSeconds(30), "/status and /containers?active=true to agree");
    }
}
