using System.Text.Json;
using System.Text.Json.Serialization;

namespace WakeDock.Pipeline.Triggers;

/// <summary>One entry of <c>GET /dapr/subscribe</c> (Dapr's programmatic subscription; Dapr spells these camelCase).</summary>
public sealed record DaprSubscription(
    [property: JsonPropertyName("pubsubname")] string PubsubName,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("deadLetterTopic")] string? DeadLetterTopic,
    [property: JsonPropertyName("bulkSubscribe")] DaprBulkSubscribe? BulkSubscribe);

public sealed record DaprBulkSubscribe(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("maxMessagesCount")] int MaxMessagesCount,
    [property: JsonPropertyName("maxAwaitDurationMs")] int MaxAwaitDurationMs);

/// <summary>The answer to one delivery: <c>SUCCESS</c>, <c>RETRY</c> or <c>DROP</c> (the reason is ours; Dapr ignores it).</summary>
public sealed record DaprStatusResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason = null);

/// <summary>A bulk delivery: Dapr's <c>BulkSubscribeMessage</c>.</summary>
public sealed record DaprBulkMessage
{
    [JsonPropertyName("entries")]
    public List<DaprBulkEntry>? Entries { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    [JsonPropertyName("pubsubname")]
    public string? PubsubName { get; init; }
}

public sealed record DaprBulkEntry
{
    [JsonPropertyName("entryId")]
    public string? EntryId { get; init; }

    [JsonPropertyName("event")]
    public JsonElement Event { get; init; }

    [JsonPropertyName("contentType")]
    public string? ContentType { get; init; }
}

/// <summary>The answer to a bulk delivery: a status per entry (a missing entry counts as RETRY for Dapr).</summary>
public sealed record DaprBulkResponse([property: JsonPropertyName("statuses")] List<DaprBulkStatus> Statuses);

public sealed record DaprBulkStatus(
    [property: JsonPropertyName("entryId")] string EntryId,
    [property: JsonPropertyName("status")] string Status);

/// <summary>What a cron-binding POST to a timer function answers.</summary>
public sealed record TimerInvocationResponse(string Function, string Status, double DurationMs, string? Error);
