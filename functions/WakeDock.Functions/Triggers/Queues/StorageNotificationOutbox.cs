using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Alerts.Notifications;

namespace WakeDock.Functions.Triggers.Queues;

/// <summary>The notifications queue under the Functions host: a storage queue of the host's own account (<c>AzureWebJobsStorage</c>), read by <see cref="NotificationFunctions"/>.</summary>
public sealed class StorageNotificationOutbox(IOptions<NotificationQueueOptions> options) : INotificationOutbox
{
    private readonly Lazy<Task<QueueClient>> _queue = new(async () =>
    {
        var queue = NotificationQueueConnection.Connect(options.Value);
        await queue.CreateIfNotExistsAsync();
        return queue;
    });

    public async ValueTask EnqueueAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var queue = await _queue.Value;
        await queue.SendMessageAsync(JsonSerializer.Serialize(notification, AlertsJsonContext.Default.AlertNotification), cancellationToken);
    }

    /// <summary>The outbox, its queue read from the host's settings and validated when the host starts.</summary>
    public static IServiceCollection Add(IServiceCollection services)
    {
        services.AddOptions<NotificationQueueOptions>().Configure<IConfiguration>(NotificationQueueOptions.Read).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationQueueOptions>, NotificationQueueValidation>());
        services.AddSingleton<INotificationOutbox, StorageNotificationOutbox>();
        return services;
    }
}
