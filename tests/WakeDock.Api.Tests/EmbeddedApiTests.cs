using System.Net;
using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;
using WakeDock.EdgeAgent.Control;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>Embedded mode on a real engine: the containers the in-process agent samples, their logs, and start/stop of the agent itself.</summary>
public sealed class EmbeddedApiTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private const string Api = "/api/v1/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode?> ListedAsync(HttpClient client, string name)
        => JsonNode.Parse(await client.GetStringAsync($"{Api}/containers", Ct))!["containers"]!.AsArray()
            .FirstOrDefault(c => c!["container_name"]!.GetValue<string>() == name);

    [Fact]
    public async Task ContainersListARealRunningContainerWithItsLatestValues()
    {
        docker.Require();
        var holder = await docker.StartMemoryHolderAsync(32, "api-memory");
        await using var app = ApiApplication.Create(embeddedDockerHost: docker.DockerHost);
        using var client = app.Client();

        var entry = await Eventually.ValueAsync(() => ListedAsync(client, holder.Name), TimeSpan.FromSeconds(30), $"{holder.Name} in the containers list");
        var status = JsonNode.Parse(await client.GetStringAsync($"{Api}/status", Ct))!["monitoring"]!;

        Assert.Equal(holder.Id, entry["container_id"]!.GetValue<string>());
        Assert.Equal("api-test-host", entry["host"]!.GetValue<string>());
        Assert.True(entry["active"]!.GetValue<bool>());
        Assert.InRange(entry["memory_usage"]!.GetValue<long>(), 32L * 1024 * 1024, 200L * 1024 * 1024);
        Assert.True(status["is_running"]!.GetValue<bool>());
        Assert.Equal("embedded", status["mode"]!.GetValue<string>());
        Assert.Equal(1, status["collection_interval"]!.GetValue<double>());
        Assert.True(status["monitored_containers"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task LogsAreTheLinesAContainerWroteToStdoutAndStderrMarked()
    {
        docker.Require();
        // pauses between the writes: the engine copies stdout and stderr on separate pipes, so lines written at once may be logged in either order
        var writer = await docker.StartAsync("api-logs", ["sh", "-c", "echo first line; sleep 0.3; echo oops >&2; sleep 0.3; echo last line; exec sleep 3600"]);
        await using var app = ApiApplication.Create(embeddedDockerHost: docker.DockerHost);
        using var client = app.Client();
        await Eventually.TrueAsync(async () => (await docker.DockerAsync("logs", writer.Id)).Contains("last line", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the container's output");

        var logs = JsonNode.Parse(await client.GetStringAsync($"/api/containers/{writer.Id}/logs", Ct))!;
        var byName = JsonNode.Parse(await client.GetStringAsync($"{Api}/containers/{writer.Name}/logs?tail=1&timestamps=false", Ct))!;
        using var unknown = await client.GetAsync("/api/containers/wdt-no-such-container/logs", Ct);

        Assert.Equal(writer.Id, logs["container_id"]!.GetValue<string>());
        Assert.Equal("api-test-host", logs["host"]!.GetValue<string>());
        Assert.False(logs["truncated"]!.GetValue<bool>());
        Assert.Equal(["stdout:first line", "stderr:oops", "stdout:last line"],
            logs["lines"]!.AsArray().Select(l => $"{l!["stream"]!.GetValue<string>()}:{l["text"]!.GetValue<string>()}"));
        Assert.All(logs["lines"]!.AsArray(), l => Assert.InRange(l!["timestamp"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1)));
        var last = Assert.Single(byName["lines"]!.AsArray())!;
        Assert.Equal("last line", last["text"]!.GetValue<string>());
        Assert.Null(last["timestamp"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task StopReallyPausesTheEmbeddedAgentAndStartResumesIt()
    {
        docker.Require();
        var burner = await docker.StartCpuBurnerAsync("api-burner");
        await using var app = ApiApplication.Create(embeddedDockerHost: docker.DockerHost);
        using var client = app.Client();
        var query = $"{Api}/metrics?container_id={burner.Id}&hours=1";
        await Eventually.TrueAsync(async () => JsonNode.Parse(await client.GetStringAsync(query, Ct))!.AsArray().Count >= 2, TimeSpan.FromSeconds(30), "samples of the burner");

        using var stop = await client.PostAsync($"{Api}/stop", null, Ct);
        var stopped = JsonNode.Parse(await stop.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.False(stopped["is_running"]!.GetValue<bool>());
        Assert.False(app.Service<IAgentControl>().State.IsRunning);
        Assert.False(JsonNode.Parse(await client.GetStringAsync($"{Api}/status", Ct))!["monitoring"]!["is_running"]!.GetValue<bool>());
        // The pause is the thing under test: nothing may arrive during three intervals of the real agent, which runs on the
        // system clock (after 1.5 s for a collection under way when stop came, which may still land).
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        var atRest = JsonNode.Parse(await client.GetStringAsync(query, Ct))!.AsArray().Count;
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal(atRest, JsonNode.Parse(await client.GetStringAsync(query, Ct))!.AsArray().Count);
        var health = JsonNode.Parse(await client.GetStringAsync("/api/health", Ct))!;
        Assert.Equal("collection is stopped", health["services"]!["ingest"]!["detail"]!.GetValue<string>());

        using var start = await client.PostAsync($"{Api}/start", null, Ct);
        Assert.True(JsonNode.Parse(await start.Content.ReadAsStringAsync(Ct))!["is_running"]!.GetValue<bool>());
        await Eventually.TrueAsync(async () => JsonNode.Parse(await client.GetStringAsync(query, Ct))!.AsArray().Count > atRest, TimeSpan.FromSeconds(15), "samples again after start");
        using var otherHost = await client.PostAsync($"{Api}/stop?host=elsewhere", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, otherHost.StatusCode);
        Assert.True(app.Service<IAgentControl>().State.IsRunning);
    }

    [Fact]
    public async Task DetailedHealthPingsTheEngineAndSeesTheBatches()
    {
        docker.Require();
        await using var app = ApiApplication.Create(embeddedDockerHost: docker.DockerHost);
        using var client = app.Client();
        await Eventually.TrueAsync(async () => JsonNode.Parse(await client.GetStringAsync($"{Api}/status", Ct))!["monitoring"]!["hosts"]!.AsArray().Count > 0,
            TimeSpan.FromSeconds(30), "a first batch");

        using var response = await client.GetAsync("/api/health", Ct);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", health["status"]!.GetValue<string>());
        Assert.Equal("healthy", health["services"]!["docker"]!["status"]!.GetValue<string>());
        Assert.Equal(docker.ApiVersion, health["services"]!["docker"]!["api_version"]!.GetValue<string>());
        Assert.Equal("healthy", health["services"]!["ingest"]!["status"]!.GetValue<string>());
        Assert.InRange(health["services"]!["ingest"]!["last_ingest_age_seconds"]!.GetValue<double>(), 0, 5);
        Assert.True(health["services"]!["storage"]!["writable"]!.GetValue<bool>());
    }
}
