using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Alerts;

/// <summary>Writes alert records to the alerts day files through the group commit, then announces them to the <see cref="IAlertObserver"/>s.</summary>
public sealed class AlertJournal(GroupCommitWriter writer, IEnumerable<IAlertObserver> observers, PipelineMetrics metrics, CollectionHealth health)
{
    private readonly IAlertObserver[] _observers = [.. observers];

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

    /// <summary>Records already written (with their batch): counted and announced.</summary>
    public void Announce(IReadOnlyList<AlertRecord> records)
    {
        foreach (var record in records)
        {
            metrics.RecordAlert(record.Alert);
            health.RecordAlert(record.Alert);
            foreach (var observer in _observers)
            {
                observer.OnAlert(record);
            }
        }
    }
}
