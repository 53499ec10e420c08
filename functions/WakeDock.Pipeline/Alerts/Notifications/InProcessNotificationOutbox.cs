using System.Threading.Channels;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Alerts.Notifications;

/// <summary>
/// The embedded host's notifications queue: what the storage queue and its trigger do under the Functions host, in
/// process. Each notification is delivered by <paramref name="deliver"/> (the notification function), tried again with
/// exponential backoff while it is deferred, and dead-lettered (logged and counted) after
/// <see cref="WebhookOptions.MaxAttempts"/> tries. Notifications still waiting when the host stops are lost with it.
/// </summary>
public sealed class InProcessNotificationOutbox(
    Func<AlertNotification, CancellationToken, Task> deliver,
    IOptions<WakeDockOptions> options,
    PipelineMetrics metrics,
    TimeProvider time,
    ILogger<InProcessNotificationOutbox> logger) : BackgroundService, INotificationOutbox
{
    private readonly Channel<AlertNotification> _queue = Channel.CreateBounded<AlertNotification>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly HashSet<Task> _deliveries = [];

    public ValueTask EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(notification, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var delivery = DeliverAsync(notification, stoppingToken);
                lock (_deliveries)
                {
                    _deliveries.Add(delivery);
                }

                _ = delivery.ContinueWith(d => { lock (_deliveries) { _deliveries.Remove(d); } }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException)
        {
        }

        Task[] pending;
        lock (_deliveries)
        {
            pending = [.. _deliveries];
        }

        await Task.WhenAll(pending);
    }

    private async Task DeliverAsync(AlertNotification notification, CancellationToken stoppingToken)
    {
        var settings = options.Value.Alerts.Webhooks;
        var delay = settings.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await deliver(notification, stoppingToken);
                return;
            }
            catch (NotificationDeferredException e) when (attempt < settings.MaxAttempts)
            {
                logger.WebhookNotDelivered(e, notification.Destination, notification.Record.Alert.Id, $"try {attempt} of {settings.MaxAttempts}, again in {delay.TotalSeconds:0.###} s");
            }
            catch (NotificationDeferredException e)
            {
                metrics.Notifications.Add(1, new KeyValuePair<string, object?>("outcome", "dead_lettered"));
                logger.WebhookNotDelivered(e, notification.Destination, notification.Record.Alert.Id, $"dead-lettered after {attempt} tries");
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay *= 2;
        }
    }
}
