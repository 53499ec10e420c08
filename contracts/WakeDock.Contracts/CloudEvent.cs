using System.Text.Json.Serialization;

namespace WakeDock.Contracts;

/// <summary>
/// A CloudEvent 1.0 in its JSON format, with the attributes Dapr adds on delivery
/// (<see cref="Topic"/>, <see cref="PubsubName"/>) and the W3C trace context extensions.
/// </summary>
/// <typeparam name="TData">The payload.</typeparam>
public sealed record CloudEvent<TData>
{
    // set, not init: the JSON source generator resets init-only properties that a message leaves out, losing this default.
    /// <summary>Always <c>1.0</c>.</summary>
    [JsonPropertyName("specversion")]
    public string SpecVersion { get; set; } = CloudEventTypes.SpecVersion;

    /// <summary>Unique per event within its source; the ingest deduplicates on (source, id).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Who produced the event, e.g. <c>wakedock://agent/host-1</c>.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>The event type, one of <see cref="CloudEventTypes"/>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The media type of <see cref="Data"/>.</summary>
    [JsonPropertyName("datacontenttype")]
    public string? DataContentType { get; set; } = "application/json";

    /// <summary>When the event was produced.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; init; }

    /// <summary>Optional subject within the source.</summary>
    [JsonPropertyName("subject")]
    public string? Subject { get; init; }

    /// <summary>W3C trace context of the producer.</summary>
    [JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }

    /// <summary>W3C trace state of the producer.</summary>
    [JsonPropertyName("tracestate")]
    public string? TraceState { get; init; }

    /// <summary>Set by Dapr on delivery: the topic.</summary>
    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    /// <summary>Set by Dapr on delivery: the pub/sub component.</summary>
    [JsonPropertyName("pubsubname")]
    public string? PubsubName { get; init; }

    /// <summary>The payload.</summary>
    [JsonPropertyName("data")]
    public TData? Data { get; init; }
}
