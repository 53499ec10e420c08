using System.Text.Json;
using Dapr;
using Dapr.AspNetCore;

namespace WakeDock.Functions.Triggers;

/// <summary>
/// The answer to <c>GET /dapr/subscribe</c>, written from the Dapr.AspNetCore topic metadata of the routes
/// (<c>.WithTopic(TopicOptions)</c>, <c>.WithBulkSubscribe(…)</c>): topic, pub/sub, route, dead-letter topic, bulk settings.
/// Dapr.AspNetCore's own <c>MapSubscribeHandler</c> reads the same metadata but spells the pub/sub <c>pubsubName</c> where
/// Dapr's reference spells <c>pubsubname</c>, writes routes without their leading slash and finds the routes in the
/// application's <c>EndpointDataSource</c>, which the Functions worker does not have (docs/pipeline.md, "Dapr on the functions side").
/// </summary>
public static class DaprSubscribeAnswer
{
    public static void Write(Utf8JsonWriter writer, IEnumerable<Endpoint> endpoints)
    {
        writer.WriteStartArray();
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var bulk = endpoint.Metadata.GetOrderedMetadata<IBulkSubscribeMetadata>();
            foreach (var topic in endpoint.Metadata.GetOrderedMetadata<ITopicMetadata>())
            {
                writer.WriteStartObject();
                writer.WriteString("pubsubname", topic.PubsubName);
                writer.WriteString("topic", topic.Name);
                writer.WriteString("route", endpoint.RoutePattern.RawText);
                if ((topic as IDeadLetterTopicMetadata)?.DeadLetterTopic is { } deadLetterTopic)
                {
                    writer.WriteString("deadLetterTopic", deadLetterTopic);
                }

                if (bulk.FirstOrDefault(b => b.TopicName == topic.Name) is { } batch)
                {
                    writer.WriteStartObject("bulkSubscribe");
                    writer.WriteBoolean("enabled", true);
                    writer.WriteNumber("maxMessagesCount", batch.MaxMessagesCount);
                    writer.WriteNumber("maxAwaitDurationMs", batch.MaxAwaitDurationMs);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }
}
