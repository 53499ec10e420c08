using System.Buffers;
using System.Text.Json.Serialization;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Alerts;

namespace WakeDock.Functions.Live;

/// <summary>
/// One message of the streams, serialized once (UTF-8 JSON) and shared by every client it goes to; written as it is by
/// the WebSocket endpoint and, through <see cref="RawJsonConverter"/>, as the argument of a SignalR invocation.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record LiveMessage(string Type, ReadOnlyMemory<byte> Json)
{
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Json.Span);
}

/// <summary>Writes a <see cref="LiveMessage"/>'s JSON without parsing or re-encoding it.</summary>
public sealed class RawJsonConverter : JsonConverter<LiveMessage>
{
    public override LiveMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new LiveMessage(document.RootElement.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "", JsonSerializer.SerializeToUtf8Bytes(document.RootElement, LiveJsonContext.Default.JsonElement));
    }

    public override void Write(Utf8JsonWriter writer, LiveMessage value, JsonSerializerOptions options)
        => writer.WriteRawValue(value.Json.Span, skipInputValidation: true);
}

/// <summary>
/// The streams' messages, in the spec's envelope <c>{"type", "timestamp", "data"}</c>: <c>metrics_update</c> (one sample),
/// <c>alert</c>, <c>system_status</c>; and for SignalR clients <c>metrics_batch</c> (the samples of one batch that pass
/// the client's filter, in one message). <c>timestamp</c> is when the message was made; the sample's own time is in its data.
/// </summary>
public static class LiveMessages
{
    public const string MetricsUpdate = "metrics_update";
    public const string MetricsBatch = "metrics_batch";
    public const string Alert = "alert";
    public const string SystemStatus = "system_status";
    public const string Subscribed = "subscribed";
    public const string Unsubscribed = "unsubscribed";
    public const string Error = "error";
    public const string Pong = "pong";

    /// <summary>A sample's JSON, the data of a <c>metrics_update</c> and an item of a <c>metrics_batch</c>.</summary>
    public static byte[] SampleJson(ContainerSample sample) => JsonSerializer.SerializeToUtf8Bytes(sample, WakeDockJson.Context.ContainerSample);

    public static LiveMessage MetricsUpdateOf(byte[] sampleJson, DateTimeOffset now)
        => Envelope(MetricsUpdate, now, w => w.WriteRawValue(sampleJson, skipInputValidation: true), capacity: sampleJson.Length + EnvelopeBytes);

    public static LiveMessage MetricsBatchOf(IReadOnlyList<byte[]> samplesJson, DateTimeOffset now)
        => Envelope(MetricsBatch, now, w =>
        {
            w.WriteStartArray();
            foreach (var sample in samplesJson)
            {
                w.WriteRawValue(sample, skipInputValidation: true);
            }

            w.WriteEndArray();
        }, capacity: samplesJson.Sum(s => s.Length + 1) + EnvelopeBytes);

    public static LiveMessage AlertOf(AlertRecord record, DateTimeOffset now)
        => Envelope(Alert, now, w => JsonSerializer.Serialize(w, record.Alert, WakeDockJson.Context.Alert), w => w.WriteString("change", record.Change.ToString().ToLowerInvariant()));

    public static LiveMessage SystemStatusOf(MonitoringStatus status, DateTimeOffset now)
        => Envelope(SystemStatus, now, w => JsonSerializer.Serialize(w, status, StatusJsonContext.Default.MonitoringStatus));

    public static LiveMessage SubscribedOf(StreamType stream, StreamFilter filter, DateTimeOffset now)
        => Envelope(Subscribed, now, w =>
        {
            w.WriteStartObject();
            w.WriteString("stream_type", StreamRequestReader.WireName(stream));
            w.WriteStartObject("filters");
            Strings(w, "container_ids", filter.ContainerIds);
            Strings(w, "service_names", filter.ServiceNames);
            Strings(w, "hosts", filter.Hosts);
            Strings(w, "alert_levels", filter.AlertLevels.Select(WireNames.Of).ToList());
            w.WriteEndObject();
            w.WriteEndObject();
        });

    public static LiveMessage UnsubscribedOf(StreamType stream, DateTimeOffset now)
        => Envelope(Unsubscribed, now, w =>
        {
            w.WriteStartObject();
            w.WriteString("stream_type", StreamRequestReader.WireName(stream));
            w.WriteEndObject();
        });

    /// <summary>A refusal: the field at fault and why (a malformed message, a full house).</summary>
    public static LiveMessage ErrorOf(string code, string? field, string message, DateTimeOffset now)
        => Envelope(Error, now, w =>
        {
            w.WriteStartObject();
            w.WriteString("code", code);
            if (field is not null)
            {
                w.WriteString("field", field);
            }

            w.WriteString("message", message);
            w.WriteEndObject();
        });

    public static LiveMessage PongOf(DateTimeOffset now) => Envelope(Pong, now, w => w.WriteNullValue());

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>What an envelope adds to its data: type, timestamp, braces.</summary>
    private const int EnvelopeBytes = 96;

    private static LiveMessage Envelope(string type, DateTimeOffset now, Action<Utf8JsonWriter> data, Action<Utf8JsonWriter>? extra = null, int capacity = 256)
    {
        var buffer = new ArrayBufferWriter<byte>(capacity);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WakeDockJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            extra?.Invoke(writer);
            writer.WritePropertyName("data");
            data(writer);
            writer.WriteEndObject();
        }

        return new LiveMessage(type, buffer.WrittenMemory.ToArray());
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class LiveJsonContext : JsonSerializerContext;
