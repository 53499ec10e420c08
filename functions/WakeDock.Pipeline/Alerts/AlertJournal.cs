using WakeDock.Contracts;
using WakeDock.Pipeline.Live;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Alerts;

/// <summary>Writes alert records to the alerts day files through the group commit, then announces them on the live feed.</summary>
public sealed class AlertJournal(GroupCommitWriter writer, LiveFeed feed, PipelineMetrics metrics, CollectionHealth health)
{
    public static IReadOnlyList<DayLines> Encode(IReadOnlyList<AlertRecord> records)
        => LineEncoder.Encode(records.Select(r => r.Alert).ToList(), a => a.Timestamp, WakeDockJson.Context.Alert);

    /// <summary>For records not tied to a batch (the sweep timer): durable, then announced.</summary>
    public async Task RecordAsync(IReadOnlyList<AlertRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        await writer.CommitAsync(new CommitWork([], Encode(records)), cancellationToken);
        Announce(records);
    }

    /// <summary>Records already written (with their batch): counted and published.</summary>
    public void Announce(IReadOnlyList<AlertRecord> records)
    {
        foreach (var record in records)
        {
            metrics.RecordAlert(record.Alert);
            health.RecordAlert(record.Alert);
            feed.PublishAlert(record);
        }
    }
}
