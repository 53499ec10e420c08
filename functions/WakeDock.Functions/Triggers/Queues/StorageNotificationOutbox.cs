using System.Text.Json;
using Azure.Storage.Queues;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;

namespace WakeDock.Functions.Triggers.Queues;

/// <summary>The notifications queue under the Functions host: a storage queue of the host's own account (<c>AzureWebJobsStorage</c>), read by <see cref="NotificationFunctions"/>.</summary>
public sealed class StorageNotificationOutbox(IConfiguration configuration) : INotificationOutbox
{
    private readonly Lazy<Task<QueueClient>> _queue = new(async () =>
    {
        var name = configuration[PipelineNames.NotificationsQueueSetting] is { Length: > 0 } configured ? configured : PipelineNames.NotificationsQueue;
        var queue = new QueueClient(configuration["AzureWebJobsStorage"], name);
        await queue.CreateIfNotExistsAsync();
        return queue;
    });

    public async ValueTask EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var queue = await _queue.Value;
        await queue.SendMessageAsync(JsonSerializer.Serialize(notification, AlertsJsonContext.Default.AlertNotification), cancellationToken);
    }
}
