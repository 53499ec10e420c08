using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Alerts.Notifications;

/// <summary>
/// One alert record to deliver once to one place: a webhook of <c>WakeDock:Alerts:Webhooks:Urls</c> (<see cref="Target"/>)
/// or a notification route of <c>WakeDock:Alerts:Routes</c> (<see cref="Route"/>). A message of the notifications queue.
/// </summary>
public sealed record AlertNotification(AlertRecord Record, Uri? Target = null, string? Route = null)
{
    /// <summary>Where it goes, for logs.</summary>
    public string Destination => Route is { } route ? $"route {route}" : Target?.Host ?? "nowhere";
}

/// <summary>Where alert notifications wait for delivery: a storage queue under the Functions host, a channel in the embedded host.</summary>
public interface INotificationOutbox
{
    ValueTask EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(AlertNotification))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
