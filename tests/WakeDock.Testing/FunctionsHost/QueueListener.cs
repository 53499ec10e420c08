using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>
/// The Storage Queues trigger's listener, as the real host runs it: polls the function's queue (batches of
/// host.json's batchSize, backing off from 100 ms to maxPollingInterval while it is empty), invokes the function
/// with each message, deletes it on success, makes it visible again after visibilityTimeout on failure, and moves
/// it to <c>&lt;queue&gt;-poison</c> once it has failed maxDequeueCount times (or cannot be decoded).
/// </summary>
public sealed class QueueListener : IAsyncDisposable
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly FunctionsTestHost _host;
    private readonly HostedFunction _function;
    private readonly QueuesSettings _settings;
    private readonly TimeSpan _maxPollingInterval;
    private readonly QueueClient _poison;
    private readonly QueueClient _poisonRaw;
    private readonly CancellationTokenSource _stop;
    private Task _running = Task.CompletedTask;
    private int _succeeded;
    private int _failed;
    private int _poisoned;
    private int _disposed;

    private QueueListener(FunctionsTestHost host, HostedFunction function, TimeSpan? maxPollingInterval, CancellationToken hostStopping)
    {
        _host = host;
        _function = function;
        _settings = host.HostJson.Queues;
        _maxPollingInterval = maxPollingInterval ?? _settings.MaxPollingInterval;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        QueueName = host.Settings.Resolve(HostedFunction.Text(function.Trigger, "queueName")
            ?? throw new FunctionsHostException($"Queue function {function.Name} names no queueName."), $"Function {function.Name}'s queueName");
        PoisonQueueName = QueueName + "-poison";
        var connection = host.Settings.StorageConnection(HostedFunction.Text(function.Trigger, "connection"));
        var encoding = _settings.Base64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None;
        var options = new QueueClientOptions { MessageEncoding = encoding };
        options.MessageDecodingFailed += PoisonUndecodableAsync;
        Queue = new QueueClient(connection, QueueName, options);
        _poison = new QueueClient(connection, PoisonQueueName, new QueueClientOptions { MessageEncoding = encoding });
        _poisonRaw = new QueueClient(connection, PoisonQueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
    }

    public string QueueName { get; }

    public string PoisonQueueName { get; }

    /// <summary>The function's queue, with the message encoding host.json sets (base64 unless it says none).</summary>
    public QueueClient Queue { get; }

    public int Succeeded => Volatile.Read(ref _succeeded);

    public int Failed => Volatile.Read(ref _failed);

    public int Poisoned => Volatile.Read(ref _poisoned);

    internal static QueueListener Start(FunctionsTestHost host, HostedFunction function, TimeSpan? maxPollingInterval, CancellationToken hostStopping)
    {
        var listener = new QueueListener(host, function, maxPollingInterval, hostStopping);
        listener._running = Task.Run(() => listener.RunAsync(listener._stop.Token), CancellationToken.None);
        host.Log.Add("host", $"listening to queue {listener.QueueName} for {function.Name}");
        return listener;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var pause = MinimumPollingInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                QueueMessage[] batch;
                try
                {
                    batch = (await Queue.ReceiveMessagesAsync(_settings.BatchSize, TimeSpan.FromMinutes(10), cancellationToken)).Value;
                }
                catch (RequestFailedException e) when (e.ErrorCode == QueueErrorCode.QueueNotFound)
                {
                    batch = [];
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(pause, cancellationToken);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, Math.Max(_maxPollingInterval.Ticks, MinimumPollingInterval.Ticks)));
                    continue;
                }

                pause = MinimumPollingInterval;
                foreach (var message in batch)
                {
                    await ProcessAsync(message, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or FunctionsHostException)
            {
                _host.Log.Add("host", $"queue {QueueName}: {e.Message}");
                await Task.Delay(pause, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > _settings.MaxDequeueCount)
        {
            await PoisonAsync(message, cancellationToken);
            return;
        }

        var outcome = await _host.InvokeQueueMessageAsync(_function.Name, QueueTriggerMessage.From(message), cancellationToken);
        if (outcome.Succeeded)
        {
            Interlocked.Increment(ref _succeeded);
            await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return;
        }

        Interlocked.Increment(ref _failed);
        if (message.DequeueCount >= _settings.MaxDequeueCount)
        {
            await PoisonAsync(message, cancellationToken);
        }
        else
        {
            await Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _settings.VisibilityTimeout, cancellationToken: cancellationToken);
        }
    }

    private async Task PoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        Interlocked.Increment(ref _poisoned);
        _host.Log.Add("host", $"moved message {message.MessageId} to {PoisonQueueName} after {message.DequeueCount} dequeues");
    }

    private async Task PoisonUndecodableAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return;
        }

        await _poisonRaw.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
        await _poisonRaw.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken);
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
        Interlocked.Increment(ref _poisoned);
        _host.Log.Add("host", $"moved undecodable message {message.MessageId} to {PoisonQueueName}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
