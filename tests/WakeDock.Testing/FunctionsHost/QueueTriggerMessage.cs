using Azure.Storage.Queues.Models;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>A queue message as the Storage Queues trigger hands it to a function.</summary>
public sealed record QueueTriggerMessage(string Id, string PopReceipt, BinaryData Body, long DequeueCount,
    DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn, DateTimeOffset NextVisibleOn)
{
    public static QueueTriggerMessage From(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new QueueTriggerMessage(message.MessageId, message.PopReceipt, message.Body, message.DequeueCount,
            message.InsertedOn ?? DateTimeOffset.UtcNow, message.ExpiresOn ?? DateTimeOffset.UtcNow.AddDays(7),
            message.NextVisibleOn ?? DateTimeOffset.UtcNow);
    }

    /// <summary>A message that never was in a queue, for invoking a queue function directly.</summary>
    public static QueueTriggerMessage Direct(string text, long dequeueCount)
    {
        var now = DateTimeOffset.UtcNow;
        return new QueueTriggerMessage(Guid.NewGuid().ToString(), Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            BinaryData.FromString(text), dequeueCount, now, now.AddDays(7), now.AddMinutes(10));
    }
}
