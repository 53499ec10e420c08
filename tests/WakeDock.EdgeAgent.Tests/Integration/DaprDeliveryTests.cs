using System.Globalization;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;
using WakeDock.Testing.Sidecars;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>The agent publishing through a real HTTP server that speaks the Dapr sidecar's publish contract.</summary>
public sealed class DaprDeliveryTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task BatchesArriveAsStructuredCloudEventsOnThePublishRouteWithTheApiToken()
    {
        docker.Require();
        var idle = await docker.StartIdleAsync();
        await using var sidecar = new DaprSidecarStub();
        await sidecar.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, DaprSettings(sidecar, token: "s3cret"));

        await sidecar.WaitForAsync(r => r.Count >= 2 && r.Any(p => Read(p).Data!.Samples.Any(s => s.ContainerId == idle.Id)));

        var request = sidecar.Received[^1];
        Assert.Equal($"/v1.0/publish/{PipelineNames.PubSub}/{PipelineNames.SamplesTopic}", request.Path);
        Assert.Equal(CloudEventTypes.MediaType, request.ContentType);
        Assert.Equal("s3cret", request.ApiToken);
        Assert.Equal("test-host", request.PartitionKey);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(CloudEventTypes.SampleBatch, root.GetProperty("type").GetString());
        Assert.Equal("wakedock://agent/test-host", root.GetProperty("source").GetString());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", root.GetProperty("traceparent").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("time").GetString(), CultureInfo.InvariantCulture, out _));
        Assert.Equal("test-host", root.GetProperty("data").GetProperty("host").GetString());
        Assert.Equal(1, root.GetProperty("data").GetProperty("interval_seconds").GetDouble());
        Assert.Equal(sidecar.Received.Count, sidecar.Received.Select(r => Read(r).Id).Distinct().Count());
    }

    [Fact]
    public async Task OverGrpcBatchesReachDaprsRuntimeServiceWithThePartitionKeyOfTheHost()
    {
        docker.Require();
        var idle = await docker.StartIdleAsync();
        await using var sidecar = new DaprGrpcSidecarStub();
        await sidecar.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, new Dictionary<string, string?>
        {
            ["WakeDock:Agent:Publisher:Target"] = "DaprGrpc",
            ["DAPR_GRPC_PORT"] = sidecar.Port.ToString(CultureInfo.InvariantCulture),
            ["DAPR_API_TOKEN"] = "s3cret",
        });

        await sidecar.WaitForAsync(r => r.Count >= 2 && r.Any(p => Read(p).Data!.Samples.Any(s => s.ContainerId == idle.Id)));

        var publish = sidecar.Received[^1];
        Assert.Equal(PipelineNames.PubSub, publish.Request.PubsubName);
        Assert.Equal(PipelineNames.SamplesTopic, publish.Request.Topic);
        Assert.Equal(CloudEventTypes.MediaType, publish.Request.DataContentType);
        Assert.Equal(new Dictionary<string, string> { ["partitionKey"] = "test-host" }, publish.Request.Metadata);
        Assert.Equal("s3cret", publish.ApiToken);
        var batch = Read(publish);
        Assert.Equal(CloudEventTypes.SampleBatch, batch.Type);
        Assert.Equal("test-host", batch.Data!.Host);
        Assert.Equal(sidecar.Received.Count, sidecar.Received.Select(r => Read(r).Id).Distinct().Count());
    }

    [Fact]
    public async Task AfterTheSidecarIsGoneForThreeIntervalsEveryBatchArrivesOnceInSequenceOrder()
    {
        docker.Require();
        await docker.StartIdleAsync();
        await using var sidecar = new DaprSidecarStub();
        await sidecar.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, DaprSettings(sidecar));
        await sidecar.WaitForAsync(r => r.Count >= 2);

        await sidecar.StopAsync();
        var spool = agent.Get<WakeDock.EdgeAgent.Spool.BatchSpool>();
        await Eventually.TrueAsync(() => spool.Depth >= 3, "three batches in the spool");

        await sidecar.StartAsync();
        await sidecar.WaitForAsync(_ => spool.IsEmpty, what: "the spool drained");
        var drainedAt = sidecar.Received.Count;
        await sidecar.WaitForAsync(r => r.Count >= drainedAt + 2, what: "live batches after the replay");

        var batches = sidecar.Received.Select(Read).ToList();
        Assert.Equal(batches.Count, batches.Select(b => b.Id).Distinct().Count());
        var sequences = batches.SelectMany(b => b.Data!.Samples).Select(s => s.Sequence).ToList();
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(n => (long)n), sequences);
        Assert.True(batches.Zip(batches.Skip(1)).All(pair => pair.First.Time <= pair.Second.Time), "delivered out of collection order");
    }

    internal static Dictionary<string, string?> DaprSettings(DaprSidecarStub sidecar, string? token = null) => new()
    {
        ["WakeDock:Agent:Publisher:Target"] = "Dapr",
        ["DAPR_HTTP_PORT"] = sidecar.Port.ToString(CultureInfo.InvariantCulture),
        ["DAPR_API_TOKEN"] = token,
    };

    internal static CloudEvent<SampleBatch> Read(PublishRequest request)
        => JsonSerializer.Deserialize(request.Body, WakeDockJson.Context.CloudEventSampleBatch)!;

    private static CloudEvent<SampleBatch> Read(GrpcPublish publish)
        => JsonSerializer.Deserialize(publish.Request.Data.Span, WakeDockJson.Context.CloudEventSampleBatch)!;
}
