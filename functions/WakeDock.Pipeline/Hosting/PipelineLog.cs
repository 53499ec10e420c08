namespace WakeDock.Pipeline.Hosting;

/// <summary>The pipeline's log messages, source-generated.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(1, LogLevel.Warning, "Storage refused batch {Source} {Id}; answering RETRY")]
    public static partial void StorageRefusedBatch(this ILogger logger, Exception exception, string source, string id);

    [LoggerMessage(2, LogLevel.Warning, "Could not record a dead letter ({Reason}); answering RETRY so it is not lost")]
    public static partial void DeadLetterFailed(this ILogger logger, Exception exception, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Dropped a {Origin} message {Source} {Id}: {Reason}")]
    public static partial void Dropped(this ILogger logger, string origin, string? source, string? id, string reason);

    [LoggerMessage(4, LogLevel.Error, "Timer function {Function} ({Trigger}) failed")]
    public static partial void TimerFailed(this ILogger logger, Exception exception, string function, string trigger);

    [LoggerMessage(5, LogLevel.Information, "Timer function {Function} missed a run since {LastRun}; running it now")]
    public static partial void TimerMissed(this ILogger logger, string function, DateTimeOffset lastRun);

    [LoggerMessage(6, LogLevel.Information, "Timer functions wait for their Dapr cron bindings (internal schedule off)")]
    public static partial void TimersExternal(this ILogger logger);

    [LoggerMessage(7, LogLevel.Warning, "An alert callback failed for alert {AlertId}")]
    public static partial void AlertCallbackFailed(this ILogger logger, Exception exception, string? alertId);

    [LoggerMessage(8, LogLevel.Warning, "Webhook {Host}: alert {AlertId} not delivered ({Why})")]
    public static partial void WebhookNotDelivered(this ILogger logger, Exception? exception, string host, string? alertId, string why);

    [LoggerMessage(9, LogLevel.Information, "Retention deleted {Files} day files")]
    public static partial void RetentionDeleted(this ILogger logger, int files);

    [LoggerMessage(10, LogLevel.Information, "Storage: {Location} ({StorageChoice})")]
    public static partial void StorageAt(this ILogger logger, string location, string storageChoice);

    [LoggerMessage(11, LogLevel.Information, "Pipeline ready: {Containers} containers in the hot tier, {Episodes} alert episodes firing, {Raw} raw segments to compact")]
    public static partial void Ready(this ILogger logger, int containers, int episodes, int raw);

    [LoggerMessage(12, LogLevel.Warning, "Segment {Segment} ends with a torn line of {Bytes} bytes; repairing it")]
    public static partial void TornLine(this ILogger logger, string segment, long bytes);

    [LoggerMessage(13, LogLevel.Information, "Compacted {Segment}: {Lines} lines, {Raw} → {Compressed} bytes")]
    public static partial void Compacted(this ILogger logger, string segment, int lines, long raw, long compressed);
}
