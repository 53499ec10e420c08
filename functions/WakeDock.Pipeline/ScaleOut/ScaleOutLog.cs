namespace WakeDock.Pipeline.ScaleOut;

internal static partial class ScaleOutLog
{
    [LoggerMessage(60, LogLevel.Information, "Took the partition of host {Host} (last held by {Previous}, handed back cleanly: {Released})")]
    public static partial void PartitionTaken(this ILogger logger, string host, string? previous, bool released);

    [LoggerMessage(61, LogLevel.Warning, "Lost the partition of host {Host}: {Why}")]
    public static partial void PartitionLost(this ILogger logger, string host, string why);

    [LoggerMessage(62, LogLevel.Warning, "Renewing or handing back host partitions failed; retrying")]
    public static partial void PartitionUpkeepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(63, LogLevel.Warning, "Reading the other instances' segments failed; retrying")]
    public static partial void FollowFailed(this ILogger logger, Exception exception);

    [LoggerMessage(64, LogLevel.Warning, "Logging the host readings for the other instances failed; they stay queued")]
    public static partial void HostReadingsNotLogged(this ILogger logger, Exception exception);

    [LoggerMessage(65, LogLevel.Warning, "{Count} host readings were left out while storage was unavailable: at most the newest {Max} wait to be logged")]
    public static partial void HostReadingsOverflowed(this ILogger logger, int count, int max);
}
