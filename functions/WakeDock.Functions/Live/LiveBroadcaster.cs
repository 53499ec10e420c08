using Microsoft.Extensions.Options;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Live;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Live;

/// <summary>
/// The one broadcaster behind both streams: takes the live feed (accepted samples, alert records) and the periodic
/// status, serializes each message once, and offers it to every client whose subscription matches. It never waits on a
/// client: each has its own bounded queue (<see cref="StreamClient"/>).
/// </summary>
public sealed partial class LiveBroadcaster(
    LiveFeed feed, StreamClients clients, MonitoringStatusReader status, IOptions<StreamOptions> options, TimeProvider time, ILogger<LiveBroadcaster> logger)
    : BackgroundService
{
    private const int FeedCapacity = 4096;

    /// <summary>The status as a message now, for a client that has just subscribed to it.</summary>
    public LiveMessage CurrentStatus(ContainerScope? scope = null) => LiveMessages.SystemStatusOf(status.Read(scope), time.GetUtcNow());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(new LiveSubscriptionOptions(Capacity: FeedCapacity));
        var statusLoop = StatusLoopAsync(stoppingToken);
        try
        {
            await foreach (var update in subscription.Updates.ReadAllAsync(stoppingToken))
            {
                try
                {
                    Broadcast(update);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogBroadcastFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await statusLoop;
    }

    public void Broadcast(LiveUpdate update)
    {
        var targets = clients.Connected;
        if (targets.Count == 0)
        {
            return;
        }

        switch (update)
        {
            case SamplesAccepted samples:
                BroadcastSamples(samples, targets);
                break;
            case AlertChanged alert:
                LiveMessage? message = null;
                foreach (var client in targets)
                {
                    if (client.Subscriptions.For(StreamType.Alerts) is { } filter && filter.Matches(alert.Record.Alert))
                    {
                        client.Offer(message ??= LiveMessages.AlertOf(alert.Record, time.GetUtcNow()));
                    }
                }

                break;
        }
    }

    private void BroadcastSamples(SamplesAccepted update, IReadOnlyList<StreamClient> targets)
    {
        var samples = update.Samples;
        var now = time.GetUtcNow();
        // each sample is serialized once, and only when a subscriber takes it
        byte[][]? json = null;
        byte[] JsonOf(int i) => (json ??= new byte[samples.Count][])[i] ??= LiveMessages.SampleJson(samples[i]);
        LiveMessage[]? updates = null;
        LiveMessage? wholeBatch = null;
        foreach (var client in targets)
        {
            if (client.Subscriptions.For(StreamType.Metrics) is not { } filter)
            {
                continue;
            }

            if (client.TakesBatches)
            {
                if (filter.IsEmpty)
                {
                    client.Offer(wholeBatch ??= LiveMessages.MetricsBatchOf([.. Enumerable.Range(0, samples.Count).Select(JsonOf)], now));
                    continue;
                }

                var matching = new List<byte[]>();
                for (var i = 0; i < samples.Count; i++)
                {
                    if (filter.Matches(samples[i]))
                    {
                        matching.Add(JsonOf(i));
                    }
                }

                if (matching.Count > 0)
                {
                    client.Offer(LiveMessages.MetricsBatchOf(matching, now));
                }

                continue;
            }

            updates ??= new LiveMessage[samples.Count];
            for (var i = 0; i < samples.Count; i++)
            {
                if (filter.Matches(samples[i]))
                {
                    client.Offer(updates[i] ??= LiveMessages.MetricsUpdateOf(JsonOf(i), now));
                }
            }
        }
    }

    private async Task StatusLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatusInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var targets = clients.Connected.Where(c => c.Subscriptions.For(StreamType.SystemStatus) is not null).ToList();
                if (targets.Count == 0)
                {
                    continue;
                }

                try
                {
                    // Clients of a scoped key see their own containers counted: one message per scope.
                    foreach (var group in targets.GroupBy(c => c.Subscriptions.Scope?.Key, StringComparer.Ordinal))
                    {
                        var message = CurrentStatus(group.First().Subscriptions.Scope);
                        foreach (var client in group)
                        {
                            client.Offer(message);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogBroadcastFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A live update could not be broadcast")]
    private partial void LogBroadcastFailed(Exception exception);
}
