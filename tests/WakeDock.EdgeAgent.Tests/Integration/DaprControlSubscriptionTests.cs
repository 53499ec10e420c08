using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Google.Protobuf;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;
using WakeDock.Testing.Sidecars;
using Status = Dapr.AppCallback.Autogen.Grpc.v1.TopicEventResponse.Types.TopicEventResponseStatus;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>
/// The control topic over Dapr's gRPC streaming subscription: the agent publishing over gRPC opens
/// <c>SubscribeTopicEventsAlpha1</c> to the stand-in of the sidecar built from Dapr's protos, carries out the container
/// actions it receives on the real engine and answers each event SUCCESS, RETRY or DROP.
/// </summary>
public sealed class DaprControlSubscriptionTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private const string HostName = "test-host";

    private static Dictionary<string, string?> Settings(DaprGrpcSidecarStub sidecar) => new()
    {
        ["WakeDock:Agent:Publisher:Target"] = "DaprGrpc",
        ["DAPR_GRPC_PORT"] = sidecar.Port.ToString(CultureInfo.InvariantCulture),
        ["DAPR_API_TOKEN"] = "s3cret",
        ["WakeDock:Agent:AllowContainerActions"] = "true",
    };

    private static TopicEventRequest Event(byte[] data, string type = CloudEventTypes.AgentCommand, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString(),
        Source = "wakedock://functions",
        Type = type,
        SpecVersion = "1.0",
        DataContentType = "application/json",
        Topic = PipelineNames.ControlTopic,
        PubsubName = PipelineNames.PubSub,
        Data = ByteString.CopyFrom(data),
    };

    private static TopicEventRequest Command(AgentCommandKind kind, string? containerId, DateTimeOffset issued, string host = HostName, string? id = null)
        => Event(JsonSerializer.SerializeToUtf8Bytes(
            new AgentCommand { Command = kind, Host = host, IssuedAt = issued, ContainerId = containerId, WaitSeconds = 1 }, WakeDockJson.Context.AgentCommand), id: id);

    private async Task<bool> RunningAsync(TestContainer container)
        => (await docker.DockerAsync("inspect", "-f", "{{.State.Running}}", container.Id)).Trim() == "true";

    [Fact]
    public async Task ACommandOnTheStreamRunsOnTheContainerAndARedeliveryOrAnotherHostsCommandDoesNothing()
    {
        docker.Require();
        var target = await docker.StartIdleAsync("grpc-actions");
        await using var sidecar = new DaprGrpcSidecarStub();
        await sidecar.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, Settings(sidecar));
        await sidecar.WaitForSubscriptionsAsync(1);
        var t0 = DateTimeOffset.UtcNow;

        var stop = Command(AgentCommandKind.ContainerStop, target.Id, t0);
        var stopped = await sidecar.DeliverAsync(stop);
        var runningAfterStop = await RunningAsync(target);
        await docker.DockerAsync("start", target.Id);
        var redelivered = await sidecar.DeliverAsync(stop);
        var otherHost = await sidecar.DeliverAsync(Command(AgentCommandKind.ContainerStop, target.Id, t0.AddSeconds(1), host: "elsewhere"));
        var runningAfterBoth = await RunningAsync(target);
        var restarted = await sidecar.DeliverAsync(Command(AgentCommandKind.ContainerRestart, target.Id, t0.AddSeconds(2)));

        var subscription = Assert.Single(sidecar.Subscriptions);
        Assert.Equal(PipelineNames.PubSub, subscription.Initial.PubsubName);
        Assert.Equal(PipelineNames.ControlTopic, subscription.Initial.Topic);
        Assert.Empty(subscription.Initial.Metadata);
        Assert.False(subscription.Initial.HasDeadLetterTopic);
        Assert.Equal("s3cret", subscription.ApiToken);
        Assert.Equal(Status.Success, stopped);
        Assert.False(runningAfterStop);
        Assert.Equal(Status.Success, redelivered);
        Assert.Equal(Status.Success, otherHost);
        Assert.True(runningAfterBoth);
        Assert.Equal(Status.Success, restarted);
        Assert.True(await RunningAsync(target));
    }

    [Fact]
    public async Task AnEventThatIsNoCommandIsDroppedWithItsReasonAndCollectionCommandsApply()
    {
        docker.Require();
        await using var sidecar = new DaprGrpcSidecarStub();
        await sidecar.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, Settings(sidecar));
        await sidecar.WaitForSubscriptionsAsync(1);
        var control = agent.Get<WakeDock.EdgeAgent.Control.IAgentControl>();

        var otherType = await sidecar.DeliverAsync(Event(Encoding.UTF8.GetBytes("{}"), type: "com.example.other"));
        var notJson = await sidecar.DeliverAsync(Event(Encoding.UTF8.GetBytes("stop, please")));
        var unknownCommand = await sidecar.DeliverAsync(Event(Encoding.UTF8.GetBytes("""{"command":"explode","issued_at":"2026-12-03T10:00:00Z"}""")));
        var noContainer = await sidecar.DeliverAsync(Command(AgentCommandKind.ContainerStop, null, DateTimeOffset.UtcNow));
        var pause = await sidecar.DeliverAsync(Command(AgentCommandKind.Stop, null, DateTimeOffset.UtcNow));

        Assert.Equal([Status.Drop, Status.Drop, Status.Drop, Status.Drop], new[] { otherType, notJson, unknownCommand, noContainer });
        Assert.Equal(Status.Success, pause);
        Assert.False(control.State.IsRunning);
    }

    [Fact]
    public async Task AfterTheSidecarDropsTheStreamTheAgentSubscribesAgainAndTakesCommands()
    {
        docker.Require();
        var target = await docker.StartIdleAsync("grpc-reconnect");
        await using var sidecar = new DaprGrpcSidecarStub();
        await sidecar.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, Settings(sidecar));
        await sidecar.WaitForSubscriptionsAsync(1);

        sidecar.DropStreams();
        await sidecar.WaitForSubscriptionsAsync(2);
        var stopped = await sidecar.DeliverAsync(Command(AgentCommandKind.ContainerStop, target.Id, DateTimeOffset.UtcNow));

        Assert.Equal(Status.Success, stopped);
        Assert.False(await RunningAsync(target));
        Assert.Equal(2, sidecar.Subscriptions.Count);
    }

    [Fact]
    public async Task WhenTheSidecarRestartsTheAgentSubscribesToTheNewOne()
    {
        docker.Require();
        await using var sidecar = new DaprGrpcSidecarStub();
        await sidecar.StartAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1, Settings(sidecar));
        await sidecar.WaitForSubscriptionsAsync(1);

        await sidecar.StopAsync();
        await sidecar.StartAsync();
        await sidecar.WaitForSubscriptionsAsync(2);

        Assert.Equal(Status.Success, await sidecar.DeliverAsync(Command(AgentCommandKind.Start, null, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task AnActionTheEngineCannotTakeIsAnsweredRetryAndItsRedeliveryIsTriedAgain()
    {
        await using var sidecar = new DaprGrpcSidecarStub();
        await sidecar.StartAsync();
        using var nowhere = new TempDirectory();
        await using var agent = await InProcessAgent.StartAsync("unix://" + Path.Combine(nowhere.Path, "docker.sock"), intervalSeconds: 1, Settings(sidecar));
        await sidecar.WaitForSubscriptionsAsync(1);
        var stop = Command(AgentCommandKind.ContainerStop, "0123456789ab", DateTimeOffset.UtcNow);

        var first = await sidecar.DeliverAsync(stop);
        var again = await sidecar.DeliverAsync(stop);

        Assert.Equal(Status.Retry, first);
        Assert.Equal(Status.Retry, again);
    }
}
