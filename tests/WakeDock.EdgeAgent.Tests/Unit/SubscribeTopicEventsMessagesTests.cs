using System.Buffers.Binary;
using System.Text;
using Dapr.AppCallback.Autogen.Grpc.v1;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using WakeDock.EdgeAgent.Control;
using ProtoStatus = Dapr.AppCallback.Autogen.Grpc.v1.TopicEventResponse.Types.TopicEventResponseStatus;

namespace WakeDock.EdgeAgent.Tests.Unit;

/// <summary>The streaming subscription's messages the agent writes and reads by hand, against Dapr.Protos' own types.</summary>
public sealed class SubscribeTopicEventsMessagesTests
{
    private static T Parse<T>(byte[] frame, MessageParser<T> parser) where T : IMessage<T>
    {
        Assert.Equal(0, frame[0]);
        Assert.Equal(frame.Length - 5, (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)));
        return parser.ParseFrom(frame.AsSpan(5));
    }

    [Fact]
    public void TheInitialRequestIsDaprsWithEveryField()
    {
        var frame = SubscribeTopicEventsMessages.InitialRequest("pubsub", "wakedock-control", [new("rawPayload", "false"), new("clé", "é")], "control-dead");

        var request = Parse(frame, SubscribeTopicEventsRequestAlpha1.Parser);
        Assert.Equal(SubscribeTopicEventsRequestAlpha1.SubscribeTopicEventsRequestTypeOneofCase.InitialRequest, request.SubscribeTopicEventsRequestTypeCase);
        Assert.Equal("pubsub", request.InitialRequest.PubsubName);
        Assert.Equal("wakedock-control", request.InitialRequest.Topic);
        Assert.Equal(new Dictionary<string, string> { ["rawPayload"] = "false", ["clé"] = "é" }, request.InitialRequest.Metadata);
        Assert.Equal("control-dead", request.InitialRequest.DeadLetterTopic);
    }

    [Fact]
    public void WithoutADeadLetterTopicTheOptionalFieldIsAbsent()
    {
        var request = Parse(SubscribeTopicEventsMessages.InitialRequest("pubsub", "t", [], null), SubscribeTopicEventsRequestAlpha1.Parser);

        Assert.False(request.InitialRequest.HasDeadLetterTopic);
        Assert.Empty(request.InitialRequest.Metadata);
    }

    [Theory]
    [InlineData(TopicEventStatus.Success, ProtoStatus.Success)]
    [InlineData(TopicEventStatus.Retry, ProtoStatus.Retry)]
    [InlineData(TopicEventStatus.Drop, ProtoStatus.Drop)]
    public void EachAnswerCarriesTheEventIdAndDaprsStatus(TopicEventStatus status, ProtoStatus expected)
    {
        var request = Parse(SubscribeTopicEventsMessages.EventProcessed("event-é-1", status), SubscribeTopicEventsRequestAlpha1.Parser);

        Assert.Equal(SubscribeTopicEventsRequestAlpha1.SubscribeTopicEventsRequestTypeOneofCase.EventProcessed, request.SubscribeTopicEventsRequestTypeCase);
        Assert.Equal("event-é-1", request.EventProcessed.Id);
        Assert.NotNull(request.EventProcessed.Status);
        Assert.Equal(expected, request.EventProcessed.Status.Status);
    }

    [Fact]
    public void AnEventAsDaprdSendsItIsReadWithItsAttributesAndDataAndUnknownFieldsSkipped()
    {
        var data = Encoding.UTF8.GetBytes("""{"command":"container_stop","issued_at":"2026-12-03T10:00:00Z"}""" + new string(' ', 300));
        var message = new SubscribeTopicEventsResponseAlpha1
        {
            EventMessage = new TopicEventRequest
            {
                Id = "e-1", Source = "wakedock://functions", Type = "io.wakedock.agent.command.v1", SpecVersion = "1.0",
                DataContentType = "application/json", Topic = "wakedock-control", PubsubName = "pubsub", Path = "/", Data = ByteString.CopyFrom(data),
                Extensions = new Struct { Fields = { ["traceparent"] = Value.ForString("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), ["n"] = Value.ForNumber(2.5) } },
            },
        };

        var read = SubscribeTopicEventsMessages.ReadResponse(message.ToByteArray());

        Assert.NotNull(read);
        Assert.Equal(new TopicEvent("e-1", "io.wakedock.agent.command.v1", "application/json", "wakedock-control", "pubsub", data), read with { Data = data });
        Assert.Equal(data, read.Data);
    }

    [Fact]
    public void TheInitialResponseIsNoEvent()
    {
        var bytes = new SubscribeTopicEventsResponseAlpha1 { InitialResponse = new SubscribeTopicEventsResponseInitialAlpha1() }.ToByteArray();

        Assert.NotEmpty(bytes);
        Assert.Null(SubscribeTopicEventsMessages.ReadResponse(bytes));
    }

    [Fact]
    public void ATruncatedMessageIsInvalidData()
    {
        var bytes = new SubscribeTopicEventsResponseAlpha1 { EventMessage = new TopicEventRequest { Id = "e-1", Data = ByteString.CopyFromUtf8("{}") } }.ToByteArray();

        Assert.Throws<InvalidDataException>(() => SubscribeTopicEventsMessages.ReadResponse(bytes.AsSpan(0, bytes.Length - 1)));
    }
}
