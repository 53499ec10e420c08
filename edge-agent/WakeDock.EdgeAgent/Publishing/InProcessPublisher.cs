using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>Embedded mode: hands the batch to the host's <see cref="IBatchSink"/>.</summary>
public sealed class InProcessPublisher(IBatchSink sink) : IBatchPublisher
{
    public string Target => "inprocess";

    public bool SendsJson => false;

    public async Task<BatchAcceptance> PublishAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
        => await sink.AcceptAsync(batch, cancellationToken);
}
