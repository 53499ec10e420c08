using System.Net;
using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;
using WakeDock.Contracts;

namespace WakeDock.Api.Tests;

/// <summary>Distributed mode: a container action is an <see cref="AgentCommand"/> for the container's host on the control topic (202).</summary>
public sealed class ContainerActionDistributedTests
{
    private const string SidecarToken = "sidecar-token-2c7a";
    private const string AppToken = "app-token-41d8";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARestartIsPublishedForTheAgentOfTheContainersHost()
    {
        await using var sidecar = new DaprSidecarFake(SidecarToken, AppToken);
        await sidecar.StartAsync();
        await using var app = ApiApplication.Create(new Dictionary<string, string?>
        {
            ["WakeDock:Dapr:SidecarHost"] = "127.0.0.1",
            ["WakeDock:Dapr:HttpPort"] = sidecar.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WakeDock:Dapr:GrpcPort"] = sidecar.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WakeDock:Dapr:ApiToken"] = SidecarToken,
            ["WakeDock:Ingest:AppApiToken"] = AppToken,
        });
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-1), id: "c0dist00000000000001", name: "dist-web-1", host: "edge-7"));
        using var client = app.Client();

        using var restart = await client.PostAsync("/api/v1/monitoring/containers/dist-web-1/restart?t=3", null, Ct);
        var answer = JsonNode.Parse(await restart.Content.ReadAsStringAsync(Ct))!;
        var info = JsonNode.Parse(await client.GetStringAsync("/api/v1/monitoring/containers/dist-web-1/actions", Ct))!;
        var published = Assert.Single(sidecar.Publishes.ToList());
        var data = published.Event["data"]!;

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(("restart", "distributed", "edge-7", PipelineNames.ControlTopic),
            (answer["action"]!.GetValue<string>(), answer["mode"]!.GetValue<string>(), answer["host"]!.GetValue<string>(), answer["topic"]!.GetValue<string>()));
        Assert.Equal((PipelineNames.ControlTopic, CloudEventTypes.AgentCommand), (published.Topic, published.Event["type"]!.GetValue<string>()));
        Assert.Equal(("container_restart", "edge-7", "c0dist00000000000001", 3),
            (data["command"]!.GetValue<string>(), data["host"]!.GetValue<string>(), data["container_id"]!.GetValue<string>(), data["wait_seconds"]!.GetValue<int>()));
        Assert.Null(info["allowed"]);
        Assert.Equal("distributed", info["mode"]!.GetValue<string>());
    }
}
