using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;

namespace WakeDock.Pipeline.Ingest;

/// <summary>
/// A batch the ingest stored and flushed: its new samples (redelivered ones left out) and the alert records its
/// samples raised, in the same group commit. The ingest's one output.
/// </summary>
public sealed record CommittedBatch(SampleBatch Batch, IReadOnlyList<ContainerSample> Samples, IReadOnlyList<AlertRecord> Alerts)
{
    public string Host => Batch.Host;
}

/// <summary>
/// Something that acts on what the ingest committed (the hot tier, the live feed, the alert announcements, the host
/// board…). Called in registration order on the ingest's path, after the flush and before the answer: keep it short
/// and never wait.
/// </summary>
public interface ICommittedBatchObserver
{
    void OnCommitted(CommittedBatch committed);
}

/// <summary>Raises the alert records of a batch before it is stored, so they are committed with its samples.</summary>
public interface IBatchEvaluator
{
    IReadOnlyList<AlertRecord> Evaluate(SampleBatch batch, DateTimeOffset receivedAt);
}
