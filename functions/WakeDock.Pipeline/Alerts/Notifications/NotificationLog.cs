namespace WakeDock.Pipeline.Alerts.Notifications;

/// <summary>The notifications' log messages, source-generated.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(8, LogLevel.Warning, "Webhook {Host}: alert {AlertId} not delivered ({Why})")]
    public static partial void WebhookNotDelivered(this ILogger logger, Exception? exception, string host, string? alertId, string why);
}
