using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing.Sidecars;

namespace WakeDock.EdgeAgent.Tests.Unit;

/// <summary>
/// The agent's gRPC publish against Dapr's published protos: its hand-written <c>PublishEventRequest</c> read back
/// with Dapr.Protos' parser, and the publisher against a Grpc.AspNetCore stand-in of the sidecar's runtime service.
/// </summary>
public sealed class DaprGrpcPublisherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TheWrittenMessageIsDaprsPublishEventRequestWithEveryField()
    {
        var data = Encoding.UTF8.GetBytes(new string('x', 20_000) + "é");

        var frame = PublishEventRequestWriter.Frame("pubsub-é", "samples", data, "application/cloudevents+json",
            [new("partitionKey", "hôte-1"), new("ttlInSeconds", "60")]);

        Assert.Equal(0, frame[0]);
        Assert.Equal(frame.Length - 5, (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)));
        var request = PublishEventRequest.Parser.ParseFrom(frame.AsSpan(5));
        Assert.Equal("pubsub-é", request.PubsubName);
        Assert.Equal("samples", request.Topic);
        Assert.Equal(data, request.Data.ToByteArray());
        Assert.Equal("application/cloudevents+json", request.DataContentType);
        Assert.Equal(new Dictionary<string, string> { ["partitionKey"] = "hôte-1", ["ttlInSeconds"] = "60" }, request.Metadata);
    }

    [Fact]
    public void EmptyFieldsAreLeftOutAsProto3DoesAndStillReadBack()
    {
        var frame = PublishEventRequestWriter.Frame("p", "t", [], "", [new("k", "")]);

        var request = PublishEventRequest.Parser.ParseFrom(frame.AsSpan(5));
        Assert.Equal(new PublishEventRequest { PubsubName = "p", Topic = "t", Metadata = { ["k"] = "" } }, request);
        Assert.Equal(request.CalculateSize(), frame.Length - 5);
    }

    [Fact]
    public async Task ABatchReachesTheRuntimeServiceWithPubSubTopicContentTypeCloudEventPartitionKeyAndToken()
    {
        await using var sidecar = new DaprGrpcSidecarStub();
        await sidecar.StartAsync();
        using var publisher = new DaprGrpcPublisher(Options(sidecar, token: "s3cret"));
        var batch = Batches.Numbered(7, samples: 3);
        var json = JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch);

        Assert.Equal(BatchAcceptance.Accepted, await publisher.PublishAsync(batch, json, Ct));

        var publish = Assert.Single(sidecar.Received);
        Assert.Equal(PipelineNames.PubSub, publish.Request.PubsubName);
        Assert.Equal(PipelineNames.SamplesTopic, publish.Request.Topic);
        Assert.Equal(CloudEventTypes.MediaType, publish.Request.DataContentType);
        Assert.Equal("test-host", Assert.Single(publish.Request.Metadata, pair => pair.Key == DaprPublisher.PartitionKeyMetadata).Value);
        Assert.Equal("s3cret", publish.ApiToken);
        Assert.Equal("application/grpc", publish.ContentType);
        var received = JsonSerializer.Deserialize(publish.Request.Data.Span, WakeDockJson.Context.CloudEventSampleBatch)!;
        Assert.Equal(batch.Id, received.Id);
        Assert.Equal(batch.Source, received.Source);
        Assert.Equal([7L, 8L, 9L], received.Data!.Samples.Select(s => s.Sequence));
    }

    [Theory]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Internal)]
    public async Task AnyStatusButOkIsARetry(StatusCode answer)
    {
        await using var sidecar = new DaprGrpcSidecarStub { Answer = answer };
        await sidecar.StartAsync();
        using var publisher = new DaprGrpcPublisher(Options(sidecar, token: null));
        var batch = Batches.Numbered(1);

        Assert.Equal(BatchAcceptance.Retry, await publisher.PublishAsync(batch, JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch), Ct));
        Assert.Null(Assert.Single(sidecar.Received).ApiToken);
    }

    [Fact]
    public async Task NoSidecarIsAFailedRequest()
    {
        using var absent = new DaprGrpcPublisher(new PublisherOptions { Target = PublisherTarget.DaprGrpc, DaprGrpcPort = WakeDock.Testing.FreePort.Next(), TimeoutSeconds = 5 });
        var batch = Batches.Numbered(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => absent.PublishAsync(batch, JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch), Ct));
    }

    private static PublisherOptions Options(DaprGrpcSidecarStub sidecar, string? token) => new()
    {
        Target = PublisherTarget.DaprGrpc,
        DaprGrpcPort = sidecar.Port,
        DaprApiToken = token,
    };
}
