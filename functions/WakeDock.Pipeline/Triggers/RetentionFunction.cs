using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Pipeline.Tiers;

namespace WakeDock.Pipeline.Triggers;

/// <summary>
/// Deletes the day files past their retention: raw metrics (<c>WAKEDOCK_METRICS_RETENTION_DAYS</c>), alerts,
/// the 1-minute, 15-minute and 1-hour tiers, dead letters — each with its index. A day D goes once D is more than
/// N days before today (today and the N days before it stay).
/// </summary>
public sealed class RetentionFunction(IBlobStore store, SegmentArchive archive, TierStore tiers, PipelineMetrics metrics, TimeProvider time, IOptions<WakeDockOptions> options, ILogger<RetentionFunction> logger) : ITimerFunction
{
    public string Name => TriggerTable.Retention;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var retention = options.Value.Retention;
            var deleted = 0;
            deleted += await DeleteSegmentsAsync(SegmentName.Metrics, today.AddDays(-retention.MetricsDays), cancellationToken);
            deleted += await DeleteSegmentsAsync(SegmentName.Alerts, today.AddDays(-retention.AlertsDays), cancellationToken);
            // host readings are followed within the disk prediction window (hours): yesterday's are the oldest still read
            deleted += await DeleteSegmentsAsync(SegmentName.Hosts, today.AddDays(-1), cancellationToken);
            deleted += await DeleteTierAsync(tiers.Minute, today.AddDays(-retention.MinuteTierDays), cancellationToken);
            deleted += await DeleteTierAsync(tiers.Quarter, today.AddDays(-retention.QuarterTierDays), cancellationToken);
            deleted += await DeleteTierAsync(tiers.Hour, today.AddDays(-retention.HourTierDays), cancellationToken);
            deleted += await DeleteDayFilesAsync(DeadLetterLog.Prefix, "deadletter", today.AddDays(-retention.DeadLetterDays), cancellationToken);
            // the API's audit trail (audit_YYYY-MM-DD.jsonl) is kept as long as the samples it is about
            deleted += await DeleteDayFilesAsync(AuditPrefix, "audit", today.AddDays(-retention.MetricsDays), cancellationToken);
            logger.RetentionDeleted(deleted);
            metrics.RetentionRuns.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
        }
        catch
        {
            metrics.RetentionRuns.Add(1, new KeyValuePair<string, object?>("outcome", "failure"));
            throw;
        }
    }

    private async Task<int> DeleteSegmentsAsync(string kind, DateOnly keepFrom, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var (segment, _) in await archive.ListAsync(kind, DateOnly.MinValue, keepFrom.AddDays(-1), cancellationToken))
        {
            await store.DeleteAsync(segment.IndexName, cancellationToken);
            if (await store.DeleteAsync(segment.FileName, cancellationToken))
            {
                count++;
            }

            archive.Forget(segment.FileName);
        }

        metrics.RetentionDeleted.Add(count, new KeyValuePair<string, object?>("kind", kind));
        return count;
    }

    private async Task<int> DeleteTierAsync(TierLog log, DateOnly keepFrom, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var blob in await store.ListAsync("rollups/metrics_" + log.Tier.Name + "_", cancellationToken).ToListAsync(cancellationToken))
        {
            if (log.Tier.DayOf(blob.Name) is { } day && day < keepFrom)
            {
                await store.DeleteAsync(SegmentName.IndexOf(blob.Name), cancellationToken);
                await store.DeleteAsync(blob.Name, cancellationToken);
                log.Forget(blob.Name);
                count++;
            }
        }

        metrics.RetentionDeleted.Add(count, new KeyValuePair<string, object?>("kind", "tier_" + log.Tier.Name));
        return count;
    }

    public const string AuditPrefix = "audit_";

    private async Task<int> DeleteDayFilesAsync(string prefix, string kind, DateOnly keepFrom, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var blob in await store.ListAsync(prefix, cancellationToken).ToListAsync(cancellationToken))
        {
            var stamp = blob.Name[prefix.Length..].Replace(".jsonl", "", StringComparison.Ordinal);
            if (DateOnly.TryParseExact(stamp, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) && day < keepFrom)
            {
                await store.DeleteAsync(blob.Name, cancellationToken);
                count++;
            }
        }

        metrics.RetentionDeleted.Add(count, new KeyValuePair<string, object?>("kind", kind));
        return count;
    }
}
