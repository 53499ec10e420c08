namespace WakeDock.Pipeline.Ingest;

/// <summary>The ingest's log messages, source-generated.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(1, LogLevel.Warning, "Storage refused batch {Source} {Id}; answering RETRY")]
    public static partial void StorageRefusedBatch(this ILogger logger, Exception exception, string source, string id);

    [LoggerMessage(2, LogLevel.Warning, "Could not record a dead letter ({Reason}); answering RETRY so it is not lost")]
    public static partial void DeadLetterFailed(this ILogger logger, Exception exception, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Dropped a {Origin} message {Source} {Id}: {Reason}")]
    public static partial void Dropped(this ILogger logger, string origin, string? source, string? id, string reason);
}
