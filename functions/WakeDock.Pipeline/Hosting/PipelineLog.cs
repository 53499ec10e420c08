namespace WakeDock.Pipeline.Hosting;

/// <summary>The pipeline's start-up log messages, source-generated.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(10, LogLevel.Information, "Storage: {Location} ({StorageChoice})")]
    public static partial void StorageAt(this ILogger logger, string location, string storageChoice);

    [LoggerMessage(11, LogLevel.Information, "Pipeline ready: {Containers} containers in the hot tier, {Episodes} alert episodes firing, {Raw} raw segments to compact")]
    public static partial void Ready(this ILogger logger, int containers, int episodes, int raw);

    [LoggerMessage(12, LogLevel.Warning, "Segment {Segment} ends with a torn line of {Bytes} bytes; repairing it")]
    public static partial void TornLine(this ILogger logger, string segment, long bytes);
}
