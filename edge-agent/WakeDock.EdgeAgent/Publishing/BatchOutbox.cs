using System.Threading.Channels;
using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>Batches on their way from the collection loop to the delivery pump, in collection order.</summary>
public sealed class BatchOutbox
{
    private readonly Channel<CloudEvent<SampleBatch>> _channel =
        Channel.CreateUnbounded<CloudEvent<SampleBatch>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public ValueTask WriteAsync(CloudEvent<SampleBatch> batch, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(batch, cancellationToken);

    public ValueTask<CloudEvent<SampleBatch>> ReadAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAsync(cancellationToken);

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    public bool TryRead(out CloudEvent<SampleBatch> batch) => _channel.Reader.TryRead(out batch!);
}
