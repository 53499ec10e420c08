namespace WakeDock.Pipeline.Alerts;

/// <summary>The alerts' log messages, source-generated.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(7, LogLevel.Warning, "An alert callback failed for alert {AlertId}")]
    public static partial void AlertCallbackFailed(this ILogger logger, Exception exception, string? alertId);
}
