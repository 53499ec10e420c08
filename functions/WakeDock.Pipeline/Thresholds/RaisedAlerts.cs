using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Ingest;

namespace WakeDock.Pipeline.Thresholds;

/// <summary>Announces the alert records a batch raised once they are committed with its samples.</summary>
public sealed class RaisedAlerts(AlertJournal journal) : ICommittedBatchObserver
{
    public void OnCommitted(CommittedBatch committed) => journal.Announce(committed.Alerts);
}
