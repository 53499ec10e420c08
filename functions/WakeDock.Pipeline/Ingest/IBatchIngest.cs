using WakeDock.Contracts;

namespace WakeDock.Pipeline.Ingest;

/// <summary>Where a batch came from; the handling is the same, only logs, metrics and dead letters say it.</summary>
public enum IngestOrigin
{
    /// <summary>The Dapr sidecar POSTed it to the subscription route.</summary>
    Dapr,

    /// <summary>An entry of a Dapr bulk delivery.</summary>
    DaprBulk,

    /// <summary>An agent POSTed it directly with its agent key.</summary>
    AgentHttp,

    /// <summary>The embedded agent handed it over in-process.</summary>
    InProcess,

    /// <summary>A storage-queue message (the Dapr queue binding's), delivered by the Functions host's queue trigger.</summary>
    Queue,
}

/// <summary>Dapr's three answers to a delivery.</summary>
public enum IngestStatus
{
    /// <summary>Stored and flushed (or already stored before: a redelivery).</summary>
    Success,

    /// <summary>Not stored this time (storage unavailable, or the same batch is being stored right now); deliver again.</summary>
    Retry,

    /// <summary>Malformed: recorded with its reason in the dead-letter file and never to be delivered again.</summary>
    Drop,
}

/// <summary>What became of one batch.</summary>
public sealed record IngestOutcome(IngestStatus Status, string? Reason = null, int SamplesStored = 0, bool Duplicate = false)
{
    public static IngestOutcome Stored(int samples) => new(IngestStatus.Success, null, samples);

    public static IngestOutcome AlreadyStored(string reason) => new(IngestStatus.Success, reason, 0, Duplicate: true);

    public static IngestOutcome Retry(string reason) => new(IngestStatus.Retry, reason);

    public static IngestOutcome Dropped(string reason) => new(IngestStatus.Drop, reason);
}

/// <summary>
/// The one ingest handler, behind the Dapr subscription route, the agents' direct-HTTP route and the
/// embedded agent's in-process hand-over. A <see cref="IngestStatus.Success"/> means the batch is
/// durable; a redelivery (same source and id, or sequences already stored) succeeds without storing twice.
/// </summary>
public interface IBatchIngest
{
    Task<IngestOutcome> IngestAsync(CloudEvent<SampleBatch> batch, IngestOrigin origin, CancellationToken cancellationToken = default);

    /// <summary>Records a message that could not even be read as a batch (bad JSON, wrong content type, too large) and answers DROP — or RETRY when the dead letter could not be written.</summary>
    Task<IngestOutcome> RejectAsync(ReadOnlyMemory<byte> payload, string reason, IngestOrigin origin, CancellationToken cancellationToken = default);
}
