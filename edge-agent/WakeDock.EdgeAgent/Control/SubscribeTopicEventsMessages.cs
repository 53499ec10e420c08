using WakeDock.EdgeAgent.Publishing;

namespace WakeDock.EdgeAgent.Control;

/// <summary>A subscriber's answer to one delivered event: Dapr's <c>TopicEventResponse.TopicEventResponseStatus</c>.</summary>
public enum TopicEventStatus
{
    /// <summary>Taken (done, or nothing to do): the broker forgets it.</summary>
    Success = 0,

    /// <summary>Not taken this time (a transient failure): delivered again.</summary>
    Retry = 1,

    /// <summary>Never takeable: the broker drops it (to the dead letters, when the subscription has them).</summary>
    Drop = 2,
}

/// <summary>One event of a streaming subscription: the CloudEvent's attributes and its <c>data</c> as daprd sends them.</summary>
public sealed record TopicEvent(string Id, string Type, string DataContentType, string Topic, string PubSubName, byte[] Data);

/// <summary>
/// The messages of Dapr's streaming subscription, <c>dapr.proto.runtime.v1.Dapr/SubscribeTopicEventsAlpha1</c>
/// (<c>dapr/proto/runtime/v1/pubsub.proto</c> and <c>appcallback.proto</c>, Dapr 1.14 and later), written and read by hand:
/// <list type="bullet">
/// <item>SubscribeTopicEventsRequestAlpha1: oneof initial_request 1 (SubscribeTopicEventsRequestInitialAlpha1: pubsub_name 1,
/// topic 2, metadata 3 as a map of strings, optional dead_letter_topic 4) or event_processed 2
/// (SubscribeTopicEventsRequestProcessedAlpha1: id 1, status 2 as TopicEventResponse { status 1: SUCCESS 0, RETRY 1, DROP 2 });</item>
/// <item>SubscribeTopicEventsResponseAlpha1: oneof initial_response 1 (empty) or event_message 2 (TopicEventRequest: id 1,
/// source 2, type 3, spec_version 4, data_content_type 5, topic 6, data 7, pubsub_name 8, path 9, extensions 10).</item>
/// </list>
/// </summary>
public static class SubscribeTopicEventsMessages
{
    public const string Method = "/dapr.proto.runtime.v1.Dapr/SubscribeTopicEventsAlpha1";

    public static byte[] InitialRequest(string pubSubName, string topic, IReadOnlyList<KeyValuePair<string, string>> metadata, string? deadLetterTopic)
    {
        var initial = new ProtoWriter().String(1, pubSubName).String(2, topic);
        foreach (var (key, value) in metadata)
        {
            initial.MapEntry(3, key, value);
        }

        if (deadLetterTopic is not null)
        {
            initial.String(4, deadLetterTopic);
        }

        return new ProtoWriter().Message(1, initial).ToGrpcFrame();
    }

    public static byte[] EventProcessed(string id, TopicEventStatus status)
        => new ProtoWriter().Message(2, new ProtoWriter().String(1, id).Message(2, new ProtoWriter().Enum(1, (int)status))).ToGrpcFrame();

    /// <summary>The event of a response, or null for the initial response (and for an empty message).</summary>
    public static TopicEvent? ReadResponse(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        TopicEvent? topicEvent = null;
        while (reader.Next(out var field))
        {
            if (field == 2)
            {
                topicEvent = ReadEvent(reader.Bytes());
            }
            else
            {
                reader.Skip();
            }
        }

        return topicEvent;
    }

    private static TopicEvent ReadEvent(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        string id = "", type = "", contentType = "", topic = "", pubSub = "";
        byte[] data = [];
        while (reader.Next(out var field))
        {
            switch (field)
            {
                case 1: id = reader.String(); break;
                case 3: type = reader.String(); break;
                case 5: contentType = reader.String(); break;
                case 6: topic = reader.String(); break;
                case 7: data = reader.Bytes().ToArray(); break;
                case 8: pubSub = reader.String(); break;
                default: reader.Skip(); break;
            }
        }

        return new TopicEvent(id, type, contentType, topic, pubSub, data);
    }
}
