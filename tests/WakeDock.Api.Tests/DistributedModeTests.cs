using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WakeDock.Api.Tests.Support;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>
/// Distributed mode (no agent in the host): start/stop published to the agents' control topic and logs read by
/// Dapr service invocation — through a sidecar speaking Dapr's HTTP API, to the real standalone agent on a real engine.
/// </summary>
public sealed class DistributedModeTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private const string Api = "/api/v1/monitoring";
    private const string AgentHost = "dist-host";
    private const string SidecarToken = "sidecar-token-5b1f";
    private const string AppToken = "app-token-93ce";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Distributed(DaprSidecarFake sidecar) => new()
    {
        ["WakeDock:Dapr:SidecarHost"] = "127.0.0.1",
        ["WakeDock:Dapr:HttpPort"] = sidecar.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["WakeDock:Dapr:GrpcPort"] = sidecar.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["WakeDock:Dapr:ApiToken"] = SidecarToken,
        ["WakeDock:Ingest:AppApiToken"] = AppToken,
    };

    [Fact]
    public async Task StopIsAnAgentCommandCloudEventOnTheControlTopic()
    {
        await using var sidecar = new DaprSidecarFake(SidecarToken, AppToken);
        await sidecar.StartAsync();
        await using var app = ApiApplication.Create(Distributed(sidecar));
        using var client = app.Client();

        using var stop = await client.PostAsync($"{Api}/stop?host={AgentHost}", null, Ct);
        using var start = await client.PostAsync($"{Api}/start", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        var answer = JsonNode.Parse(await stop.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(("stop", "distributed", AgentHost, PipelineNames.ControlTopic), (answer["command"]!.GetValue<string>(), answer["mode"]!.GetValue<string>(), answer["host"]!.GetValue<string>(), answer["topic"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var published = sidecar.Publishes.ToList();
        Assert.Equal(2, published.Count);
        Assert.All(published, p =>
        {
            Assert.Equal((PipelineNames.PubSub, PipelineNames.ControlTopic, CloudEventTypes.MediaType, SidecarToken), (p.Pubsub, p.Topic, p.ContentType, p.ApiToken));
            Assert.Equal("1.0", p.Event["specversion"]!.GetValue<string>());
            Assert.Equal(CloudEventTypes.AgentCommand, p.Event["type"]!.GetValue<string>());
            Assert.StartsWith("wakedock://functions/", p.Event["source"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(p.Event["id"]!.GetValue<string>()));
        });
        Assert.Equal(("stop", AgentHost), (published[0].Event["data"]!["command"]!.GetValue<string>(), published[0].Event["data"]!["host"]!.GetValue<string>()));
        Assert.Null(published[1].Event["data"]!["host"]);
        Assert.True(published[1].Event["data"]!["issued_at"]!.GetValue<DateTimeOffset>() > published[0].Event["data"]!["issued_at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task LogsAreAskedOfTheContainersHostAgentByServiceInvocation()
    {
        await using var sidecar = new DaprSidecarFake(SidecarToken, AppToken);
        await sidecar.StartAsync();
        using var agent = new CannedAgent("host-1", AppToken);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        agent.Logs["abc123"] = [new("stdout", at, "GET / 200"), new("stderr", at.AddSeconds(1), "warn: slow upstream"), new("stdout", at.AddSeconds(2), "GET /health 200")];
        sidecar.Register(PipelineNames.AgentAppIdPrefix + "host-1", agent.Client());
        await using var app = ApiApplication.Create(Distributed(sidecar));
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-2)));
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-2), id: "fff999", name: "elsewhere", host: "host-2"));
        using var client = app.Client();

        var logs = JsonNode.Parse(await client.GetStringAsync($"{Api}/containers/web-server/logs?tail=2&timestamps=false&since=10m", Ct))!;
        using var noAgent = await client.GetAsync("/api/containers/fff999/logs", Ct);

        Assert.Equal(("abc123", "host-1", false), (logs["container_id"]!.GetValue<string>(), logs["host"]!.GetValue<string>(), logs["truncated"]!.GetValue<bool>()));
        Assert.Equal(["stderr:warn: slow upstream", "stdout:GET /health 200"], logs["lines"]!.AsArray().Select(l => $"{l!["stream"]!.GetValue<string>()}:{l["text"]!.GetValue<string>()}"));
        Assert.All(logs["lines"]!.AsArray(), l => Assert.Null(l!["timestamp"]));
        var (container, query) = Assert.Single(agent.LogReads);
        Assert.Equal(("abc123", 2, false), (container, query.Tail, query.Timestamps));
        Assert.InRange(query.Since!.Value, DateTimeOffset.UtcNow.AddMinutes(-11), DateTimeOffset.UtcNow.AddMinutes(-9));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, noAgent.StatusCode);
        Assert.Equal(0, sidecar.Refused);
    }

    [Fact]
    public async Task WithoutItsSidecarStopIsUnavailableNotAFailure()
    {
        await using var app = ApiApplication.Create(new Dictionary<string, string?> { ["WakeDock:Dapr:HttpPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), ["WakeDock:Dapr:SidecarHost"] = "127.0.0.1" });
        using var client = app.Client();

        using var stop = await client.PostAsync($"{Api}/stop", null, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stop.StatusCode);
        Assert.Equal("application/problem+json", stop.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sidecar", await stop.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRealAgentBehindDaprSendsSamplesServesLogsAndObeysStopAndStart()
    {
        docker.Require();
        // a pause between the writes: the engine copies stdout and stderr on separate pipes, so lines written at once may be logged in either order
        var writer = await docker.StartAsync("dist-logs", ["sh", "-c", "echo hello from stdout; sleep 0.3; echo hello from stderr >&2; exec sleep 3600"]);
        await using var sidecar = new DaprSidecarFake(SidecarToken, AppToken);
        await sidecar.StartAsync();
        await using var app = ApiApplication.Create(Distributed(sidecar));
        sidecar.Register(PipelineNames.FunctionsAppId, app.CreateClient());
        var agentPort = FreePort.Next();
        var agentData = Directory.CreateTempSubdirectory("wakedock-api-agent-").FullName;
        using var agent = StandaloneAgent.Build([
            "--urls", $"http://127.0.0.1:{agentPort}",
            $"--WakeDock:Agent:HostName={AgentHost}",
            $"--WakeDock:Agent:DockerHost={docker.DockerHost}",
            $"--WakeDock:Agent:DataDirectory={agentData}",
            "--WakeDock:Agent:IntervalSeconds=1",
            $"--WakeDock:Agent:Publisher:DaprHttpPort={sidecar.Port}",
            $"--WakeDock:Agent:Publisher:DaprApiToken={SidecarToken}",
            $"--WakeDock:Agent:AppApiToken={AppToken}",
        ]);
        using var agentClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{agentPort}") };
        sidecar.Register(PipelineNames.AgentAppIdPrefix + AgentHost, agentClient);
        await agent.StartAsync(Ct);
        try
        {
            using var client = app.Client();
            var listed = await Eventually.ValueAsync(async () =>
                JsonNode.Parse(await client.GetStringAsync($"{Api}/containers?host={AgentHost}", Ct))!["containers"]!.AsArray()
                    .FirstOrDefault(c => c!["container_name"]!.GetValue<string>() == writer.Name), TimeSpan.FromSeconds(30), $"{writer.Name} listed through Dapr");
            Assert.Equal(writer.Id, listed["container_id"]!.GetValue<string>());

            var logs = JsonNode.Parse(await client.GetStringAsync($"/api/containers/{writer.Id[..12]}/logs?tail=10", Ct))!;
            Assert.Equal(AgentHost, logs["host"]!.GetValue<string>());
            Assert.Equal(["stdout:hello from stdout", "stderr:hello from stderr"],
                logs["lines"]!.AsArray().Select(l => $"{l!["stream"]!.GetValue<string>()}:{l["text"]!.GetValue<string>()}"));
            using var unknown = await client.GetAsync("/api/containers/no-such-container/logs", Ct);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

            using var stop = await client.PostAsync($"{Api}/stop", null, Ct);
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
            var paused = JsonNode.Parse(await agentClient.GetStringAsync("/state", Ct))!;
            Assert.False(paused["is_running"]!.GetValue<bool>());
            await Eventually.TrueAsync(async () => !JsonNode.Parse(await client.GetStringAsync($"{Api}/status", Ct))!["monitoring"]!["is_running"]!.GetValue<bool>(),
                TimeSpan.FromSeconds(15), "status saying the agents stopped delivering");

            using var start = await client.PostAsync($"{Api}/start", null, Ct);
            Assert.True(JsonNode.Parse(await agentClient.GetStringAsync("/state", Ct))!["is_running"]!.GetValue<bool>());
            await Eventually.TrueAsync(async () => JsonNode.Parse(await client.GetStringAsync($"{Api}/status", Ct))!["monitoring"]!["is_running"]!.GetValue<bool>(),
                TimeSpan.FromSeconds(15), "status saying the agents deliver again");
            Assert.Equal(0, sidecar.Refused);
        }
        finally
        {
            await agent.StopAsync(CancellationToken.None);
            Directory.Delete(agentData, recursive: true);
        }
    }
}
