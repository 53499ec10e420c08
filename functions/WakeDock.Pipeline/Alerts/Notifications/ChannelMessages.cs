using System.Globalization;
using System.Text.Json.Nodes;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Alerts.Notifications;

/// <summary>An alert record in the shape each channel expects.</summary>
public static class ChannelMessages
{
    public static string Status(Alert a) => a.State == AlertState.Resolved ? "resolved" : a.Level == AlertLevel.Critical ? "critical" : "warning";

    public static string Subject(Alert a) => string.Join(" / ", new[] { a.Host, a.ServiceName, a.ContainerName ?? (a.ContainerId.Length > 0 ? a.ContainerId : null) }.Where(s => !string.IsNullOrEmpty(s)));

    public static string Title(Alert a) => $"[{Status(a)}] {Subject(a)}";

    public static IEnumerable<(string Name, string Value)> Facts(Alert a) =>
    [
        ("alert_id", a.Id ?? ""),
        ("metric_type", a.MetricType is { } m ? WireNames.Of(m) : ""),
        ("value", a.Value?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ("threshold", a.Threshold?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ("timestamp", Time(a.Timestamp)),
    ];

    public static JsonObject Webhook(AlertRecord record)
    {
        var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(record.Alert, WakeDockJson.Context.Alert))!.AsObject();
        json["change"] = record.Change.ToString().ToLowerInvariant();
        return json;
    }

    /// <summary>A Teams workflow ("Post to a channel when a webhook request is received") message with an Adaptive Card.</summary>
    public static JsonObject Teams(AlertRecord record)
    {
        var a = record.Alert;
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["content"] = new JsonObject
                {
                    ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                    ["type"] = "AdaptiveCard",
                    ["version"] = "1.4",
                    ["body"] = new JsonArray(
                        new JsonObject { ["type"] = "TextBlock", ["text"] = Title(a), ["weight"] = "Bolder", ["size"] = "Medium", ["color"] = a.State == AlertState.Resolved ? "Good" : a.Level == AlertLevel.Critical ? "Attention" : "Warning" },
                        new JsonObject { ["type"] = "TextBlock", ["text"] = a.Message ?? "", ["wrap"] = true },
                        new JsonObject { ["type"] = "FactSet", ["facts"] = new JsonArray([.. Facts(a).Select(f => (JsonNode)new JsonObject { ["title"] = f.Name, ["value"] = f.Value })]) }),
                },
            }),
        };
    }

    /// <summary>A Discord webhook message with one embed.</summary>
    public static JsonObject Discord(AlertRecord record)
    {
        var a = record.Alert;
        return new JsonObject
        {
            ["content"] = $"{Title(a)}: {a.Message}",
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
            ["embeds"] = new JsonArray(new JsonObject
            {
                ["title"] = Title(a),
                ["description"] = a.Message ?? "",
                ["color"] = a.State == AlertState.Resolved ? 0x2EB67D : a.Level == AlertLevel.Critical ? 0xE01E5A : 0xECB22E,
                ["timestamp"] = Time(a.Timestamp),
                ["fields"] = new JsonArray([.. Facts(a).Where(f => f.Value.Length > 0).Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["value"] = f.Value, ["inline"] = true })]),
            }),
        };
    }

    /// <summary>ntfy: the message as the body, title, priority and tags as headers.</summary>
    public static (string Body, string Title, string Priority, string Tags) Ntfy(AlertRecord record)
    {
        var a = record.Alert;
        var (priority, tags) = a.State == AlertState.Resolved ? ("3", "white_check_mark") : a.Level == AlertLevel.Critical ? ("5", "rotating_light") : ("4", "warning");
        return (a.Message ?? Title(a), Title(a), priority, tags);
    }

    public static (string Subject, string Body) Email(AlertRecord record)
    {
        var a = record.Alert;
        var body = $"{a.Message}\r\n\r\n{string.Join("\r\n", Facts(a).Select(f => $"{f.Name}: {f.Value}"))}\r\n";
        return ($"[WakeDock] {Title(a)}: {a.Message}", body);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
