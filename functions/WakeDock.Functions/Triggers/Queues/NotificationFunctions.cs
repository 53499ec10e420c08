using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;

namespace WakeDock.Functions.Triggers.Queues;

/// <summary>
/// The notification function: one alert record to one webhook per message of <see cref="PipelineNames.NotificationsQueue"/>.
/// A deferred delivery fails the invocation, so the queue tries again after its visibility timeout and, after
/// <c>maxDequeueCount</c> tries (host.json), moves the message to the poison queue. The embedded host's
/// <see cref="InProcessNotificationOutbox"/> calls <see cref="DeliverAsync"/> with the same rules in process.
/// </summary>
public sealed partial class NotificationFunctions(AlertWebhooks webhooks, ILogger<NotificationFunctions> logger)
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

    public Task DeliverAsync(AlertNotification notification, CancellationToken cancellationToken) => webhooks.DeliverAsync(notification, cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification message refused: not an alert notification ({Reason})")]
    private static partial void LogRefused(ILogger logger, Exception exception, string reason);
}
