using System.Threading.Channels;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Live;

/// <summary>Something that just happened in the pipeline; <see cref="FromPeer"/> when another instance stored it (scale-out).</summary>
public abstract record LiveUpdate
{
    public bool FromPeer { get; init; }
}

/// <summary>Samples of one batch, stored and flushed.</summary>
public sealed record SamplesAccepted(string Host, IReadOnlyList<ContainerSample> Samples) : LiveUpdate;

/// <summary>An alert fired, escalated or resolved (already written).</summary>
public sealed record AlertChanged(AlertRecord Record) : LiveUpdate;

/// <summary>What a subscriber wants and how far it may fall behind; <c>Peers: false</c> for those that act once per instance that stored (notifications, Azure SignalR fan-out).</summary>
public sealed record LiveSubscriptionOptions(bool Samples = true, bool Alerts = true, int Capacity = 1024, bool Peers = true);

/// <summary>A subscriber's queue: bounded, the oldest update dropped (and counted) when it is full.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveFeed _feed;
    private readonly Channel<LiveUpdate> _channel;
    private long _dropped;

    internal LiveSubscription(LiveFeed feed, LiveSubscriptionOptions options)
    {
        _feed = feed;
        Options = options;
        _channel = Channel.CreateBounded<LiveUpdate>(
            new BoundedChannelOptions(options.Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                feed.CountDropped();
            });
    }

    public LiveSubscriptionOptions Options { get; }

    public ChannelReader<LiveUpdate> Updates => _channel.Reader;

    /// <summary>Updates lost because this subscriber was too slow.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Offer(LiveUpdate update) => _channel.Writer.TryWrite(update);

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _feed.Remove(this);
    }
}

/// <summary>
/// The in-process live feed: accepted samples and alert records, fanned out to subscribers (the SignalR
/// and WebSocket broadcasters, alert callbacks, webhooks). Publishing never waits: a slow subscriber
/// loses its oldest updates, ingest never slows down.
/// </summary>
public sealed class LiveFeed(PipelineMetrics metrics) : ICommittedBatchObserver, IAlertObserver
{
    private volatile LiveSubscription[] _subscribers = [];
    private readonly Lock _gate = new();

    public int SubscriberCount => _subscribers.Length;

    public LiveSubscription Subscribe(LiveSubscriptionOptions? options = null)
    {
        var subscription = new LiveSubscription(this, options ?? new LiveSubscriptionOptions());
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    public void PublishSamples(string host, IReadOnlyList<ContainerSample> samples, bool fromPeer = false)
    {
        if (samples.Count == 0)
        {
            return;
        }

        var update = new SamplesAccepted(host, samples) { FromPeer = fromPeer };
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Options.Samples && (!fromPeer || subscriber.Options.Peers))
            {
                subscriber.Offer(update);
            }
        }
    }

    public void PublishAlert(AlertRecord record, bool fromPeer = false)
    {
        var update = new AlertChanged(record) { FromPeer = fromPeer };
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Options.Alerts && (!fromPeer || subscriber.Options.Peers))
            {
                subscriber.Offer(update);
            }
        }
    }

    void ICommittedBatchObserver.OnCommitted(CommittedBatch committed) => PublishSamples(committed.Host, committed.Samples);

    void IAlertObserver.OnAlert(AlertRecord record) => PublishAlert(record);

    internal void Remove(LiveSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(s => !ReferenceEquals(s, subscription)).ToArray();
        }
    }

    internal void CountDropped() => metrics.LiveDropped.Add(1);
}
