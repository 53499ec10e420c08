using WakeDock.Contracts;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.Pipeline.Ingest;

namespace WakeDock.Functions.Embedded;

/// <summary>The embedded agent's target: the ingest function itself, answering as Dapr would.</summary>
internal sealed class IngestBatchSink(IBatchIngest ingest) : IBatchSink
{
    public async ValueTask<BatchAcceptance> AcceptAsync(CloudEvent<SampleBatch> batch, CancellationToken cancellationToken)
    {
        var outcome = await ingest.IngestAsync(batch, IngestOrigin.InProcess, cancellationToken);
        return outcome.Status switch
        {
            IngestStatus.Success => BatchAcceptance.Accepted,
            IngestStatus.Drop => BatchAcceptance.Rejected,
            _ => BatchAcceptance.Retry,
        };
    }
}
