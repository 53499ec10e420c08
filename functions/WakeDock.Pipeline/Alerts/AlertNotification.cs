using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Alerts;

/// <summary>One alert record to deliver to one webhook: a message of the notifications queue.</summary>
public sealed record AlertNotification(AlertRecord Record, Uri Target);

/// <summary>Where alert notifications wait for delivery: a storage queue under the Functions host, a channel in the embedded host.</summary>
public interface INotificationOutbox
{
    ValueTask EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken);
}

/// <summary>The webhook could not take the notification now (unreachable, 5xx, 429): deliver it again later.</summary>
public sealed class NotificationDeferredException(string message, Exception? inner = null) : Exception(message, inner);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(AlertNotification))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
