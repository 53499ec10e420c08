using System.Text.Json;
using WakeDock.Contracts;

namespace WakeDock.Functions.Live;

/// <summary>What a client asks on a stream: <c>subscribe</c> or <c>unsubscribe</c> to a stream with filters, or <c>ping</c>.</summary>
public sealed record StreamRequest(string Action, StreamType? Stream, StreamFilter Filter);

/// <summary>A client message that is not one the streams understand, with the field at fault.</summary>
public sealed class StreamRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Reads the spec's client messages: <c>{"action":"subscribe","stream_type":"metrics|alerts|system_status","filters":{…}}</c>.
/// Filters: <c>container_ids</c>, <c>service_names</c>, <c>hosts</c>, <c>alert_levels</c> (warning, critical); anything
/// else is refused naming the field, so that a typo never silently widens a subscription.
/// </summary>
public static class StreamRequestReader
{
    public const int MaxFilterValues = 200;
    public const int MaxTextLength = 256;

    public static StreamRequest Read(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 8 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new StreamRequestException("message", $"The message is not JSON: {e.Message}");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public static StreamRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new StreamRequestException("message", "The message must be a JSON object such as {\"action\":\"subscribe\",\"stream_type\":\"metrics\"}.");
        }

        string? action = null;
        StreamType? stream = null;
        var filter = StreamFilter.All;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "action":
                    action = Text(property.Value, "action");
                    break;
                case "stream_type":
                    stream = StreamTypeOf(Text(property.Value, "stream_type"));
                    break;
                case "filters":
                    filter = Filter(property.Value);
                    break;
                default:
                    throw new StreamRequestException(property.Name, $"Unknown field '{property.Name}': a message has action, stream_type and filters.");
            }
        }

        switch (action)
        {
            case null:
                throw new StreamRequestException("action", "action is required: subscribe, unsubscribe or ping.");
            case "subscribe" or "unsubscribe":
                return new StreamRequest(action, stream ?? throw new StreamRequestException("stream_type", $"stream_type is required to {action}: metrics, alerts or system_status."), filter);
            case "ping":
                return new StreamRequest(action, stream, filter);
            default:
                throw new StreamRequestException("action", $"Unknown action '{Shorten(action)}': subscribe, unsubscribe or ping.");
        }
    }

    public static StreamType StreamTypeOf(string value) => value switch
    {
        "metrics" => StreamType.Metrics,
        "alerts" => StreamType.Alerts,
        "system_status" => StreamType.SystemStatus,
        _ => throw new StreamRequestException("stream_type", $"Unknown stream_type '{Shorten(value)}': metrics, alerts or system_status."),
    };

    public static string WireName(StreamType stream) => stream switch
    {
        StreamType.Metrics => "metrics",
        StreamType.Alerts => "alerts",
        _ => "system_status",
    };

    public static StreamFilter Filter(JsonElement filters)
    {
        if (filters.ValueKind == JsonValueKind.Null)
        {
            return StreamFilter.All;
        }

        if (filters.ValueKind != JsonValueKind.Object)
        {
            throw new StreamRequestException("filters", "filters must be an object of lists: container_ids, service_names, hosts, alert_levels.");
        }

        IReadOnlyList<string> containers = [], services = [], hosts = [];
        IReadOnlyList<AlertLevel> levels = [];
        foreach (var property in filters.EnumerateObject())
        {
            var field = $"filters.{property.Name}";
            switch (property.Name)
            {
                case "container_ids":
                    containers = Texts(property.Value, field);
                    break;
                case "service_names":
                    services = Texts(property.Value, field);
                    break;
                case "hosts":
                    hosts = Texts(property.Value, field);
                    break;
                case "alert_levels":
                    levels = Texts(property.Value, field).Select(l => l switch
                    {
                        "warning" => AlertLevel.Warning,
                        "critical" => AlertLevel.Critical,
                        _ => throw new StreamRequestException(field, $"Unknown alert level '{Shorten(l)}': warning or critical."),
                    }).Distinct().ToList();
                    break;
                default:
                    throw new StreamRequestException(field, $"Unknown filter '{Shorten(property.Name)}': container_ids, service_names, hosts or alert_levels.");
            }
        }

        return new StreamFilter(containers, services, hosts, levels);
    }

    private static List<string> Texts(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new StreamRequestException(field, $"{field} must be a list of strings.");
        }

        if (value.GetArrayLength() > MaxFilterValues)
        {
            throw new StreamRequestException(field, $"{field} holds {value.GetArrayLength()} values; at most {MaxFilterValues}.");
        }

        return value.EnumerateArray().Select(v => Text(v, field)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Text(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= MaxTextLength } text || text.Any(char.IsControl))
        {
            throw new StreamRequestException(field, $"{field} must be a non-empty string of at most {MaxTextLength} characters.");
        }

        return text;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
