using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using WakeDock.Contracts;
using System.Net.Mail;
using WakeDock.Pipeline.Alerts.Notifications;

namespace WakeDock.Functions.Triggers.Queues;

/// <summary>
/// The notification function: one alert record to one webhook or notification route per message of <see cref="PipelineNames.NotificationsQueue"/>.
/// A deferred delivery fails the invocation, so the queue tries again after its visibility timeout and, after
/// <c>maxDequeueCount</c> tries (host.json), moves the message to the poison queue. The embedded host's
/// <see cref="InProcessNotificationOutbox"/> calls <see cref="DeliverAsync"/> with the same rules in process.
/// </summary>
public sealed partial class NotificationFunctions(AlertWebhooks webhooks, AlertNotifier notifier, ILogger<NotificationFunctions> logger)
{
    [Function("deliver-notification")]
    public async Task Deliver([QueueTrigger($"%{PipelineNames.NotificationsQueueSetting}%")] string message, CancellationToken cancellationToken)
    {
        AlertNotification? notification;
        try
        {
            notification = JsonSerializer.Deserialize(message, AlertsJsonContext.Default.AlertNotification);
        }
        catch (JsonException e)
        {
            notification = null;
            LogRefused(logger, e, e.Message);
        }

        if (notification is null)
        {
            // a message no try can deliver: the poison queue keeps it, with this reason in the host's log
            throw new InvalidOperationException("The notification message is not an alert notification.");
        }

        await DeliverAsync(notification, cancellationToken);
    }

    /// <summary>One attempt; <see cref="NotificationDeferredException"/> when the destination may take it later.</summary>
    public async Task DeliverAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Route is not { } route)
        {
            await webhooks.DeliverAsync(notification, cancellationToken);
            return;
        }

        try
        {
            await notifier.DeliverAsync(notification.Record, route, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or SmtpException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new NotificationDeferredException(route, e.Message, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification message refused: not an alert notification ({Reason})")]
    private static partial void LogRefused(ILogger logger, Exception exception, string reason);
}
