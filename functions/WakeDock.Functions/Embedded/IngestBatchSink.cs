using WakeDock.Contracts;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.Pipeline.Ingest;
using WakeDock.Functions.Triggers.Queues;

namespace WakeDock.Functions.Embedded;

/// <summary>The embedded agent's target: the ingest function itself, answering as Dapr would.</summary>
internal sealed class IngestBatchSink(SampleIngestFunctions ingest) : IBatchSink
{
    public async ValueTask<BatchAcceptance> AcceptAsync(CloudEvent<SampleBatch> batch, CancellationToken cancellationToken)
    {
        var outcome = await ingest.AcceptAsync(batch, IngestOrigin.InProcess, cancellationToken);
        return outcome.Status switch
        {
            IngestStatus.Success => BatchAcceptance.Accepted,
            IngestStatus.Drop => BatchAcceptance.Rejected,
            _ => BatchAcceptance.Retry,
        };
    }
}
