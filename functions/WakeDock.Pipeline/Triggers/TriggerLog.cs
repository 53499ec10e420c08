namespace WakeDock.Pipeline.Triggers;

/// <summary>The timer functions' log messages, source-generated.</summary>
internal static partial class TriggerLog
{
    [LoggerMessage(4, LogLevel.Error, "Timer function {Function} ({Trigger}) failed")]
    public static partial void TimerFailed(this ILogger logger, Exception exception, string function, string trigger);

    [LoggerMessage(5, LogLevel.Information, "Timer function {Function} missed a run since {LastRun}; running it now")]
    public static partial void TimerMissed(this ILogger logger, string function, DateTimeOffset lastRun);

    [LoggerMessage(6, LogLevel.Information, "Timer functions wait for their Dapr cron bindings (internal schedule off)")]
    public static partial void TimersExternal(this ILogger logger);

    [LoggerMessage(9, LogLevel.Information, "Retention deleted {Files} day files")]
    public static partial void RetentionDeleted(this ILogger logger, int files);

    [LoggerMessage(13, LogLevel.Information, "Compacted {Segment}: {Lines} lines, {Raw} → {Compressed} bytes")]
    public static partial void Compacted(this ILogger logger, string segment, int lines, long raw, long compressed);
}
