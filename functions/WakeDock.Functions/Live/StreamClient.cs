using System.Threading.Channels;

namespace WakeDock.Functions.Live;

/// <summary>How a client is connected.</summary>
public enum StreamTransport
{
    WebSocket,
    SignalR,
}

/// <summary>
/// One connected client: its subscriptions and its queue of messages waiting to be sent. The queue is bounded; when
/// the client falls behind, the oldest message is dropped (and counted), so that the broadcaster never waits.
/// </summary>
public sealed class StreamClient
{
    private readonly Channel<LiveMessage> _queue;
    private readonly StreamCounters _counters;
    private long _dropped, _sent;

    public StreamClient(string id, StreamTransport transport, int capacity, StreamCounters counters)
    {
        Id = id;
        Transport = transport;
        _counters = counters;
        _queue = Channel.CreateBounded<LiveMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                _counters.CountDropped(Transport);
            });
    }

    public string Id { get; }

    public StreamTransport Transport { get; }

    public StreamSubscriptions Subscriptions { get; } = new();

    /// <summary>SignalR clients take a batch's samples in one <c>metrics_batch</c>; WebSocket clients one <c>metrics_update</c> each, as the spec writes.</summary>
    public bool TakesBatches => Transport == StreamTransport.SignalR;

    public ChannelReader<LiveMessage> Outbox => _queue.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Sent => Interlocked.Read(ref _sent);

    public void Offer(LiveMessage message) => _queue.Writer.TryWrite(message);

    public void MarkSent() => Interlocked.Increment(ref _sent);

    public void Complete() => _queue.Writer.TryComplete();
}
