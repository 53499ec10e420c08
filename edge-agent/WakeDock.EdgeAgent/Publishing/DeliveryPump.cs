using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.Spool;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>
/// Delivers batches in the order they were collected. While the spool is empty a batch goes
/// straight to the target; one that is not accepted goes to the spool, and from then on every new
/// batch goes behind it, while the oldest is offered again with exponential backoff and jitter
/// until the target takes it. So delivery order is sequence order, across restarts too.
/// </summary>
public sealed partial class DeliveryPump(
    BatchOutbox outbox,
    BatchSpool spool,
    IBatchPublisher publisher,
    IOptions<AgentOptions> options,
    TimeProvider time,
    AgentMetrics metrics,
    ILogger<DeliveryPump> logger) : BackgroundService
{
    private readonly ReplayBackoff _backoff = new(
        TimeSpan.FromSeconds(options.Value.Spool.InitialBackoffSeconds), TimeSpan.FromSeconds(options.Value.Spool.MaxBackoffSeconds), Random.Shared);

    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (spool.IsEmpty)
                {
                    var batch = await outbox.ReadAsync(stoppingToken);
                    var json = JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch);
                    if (await TryDeliverAsync(batch, json, stoppingToken))
                    {
                        continue;
                    }

                    spool.Append(json);
                }
                else
                {
                    SpoolWaitingBatches();
                    if (spool.PeekOldest() is not { } oldest)
                    {
                        continue;
                    }

                    var batch = Read(oldest);
                    if (batch is null || await TryDeliverAsync(batch, oldest.Payload, stoppingToken))
                    {
                        spool.Remove(oldest);
                        continue;
                    }
                }

                await WaitSpoolingAsync(_backoff.Next(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Batches collected but not yet offered survive a graceful stop.
            SpoolWaitingBatches();
        }
    }

    private async Task<bool> TryDeliverAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        BatchAcceptance acceptance;
        string? problem = null;
        try
        {
            acceptance = await publisher.PublishAsync(batch, json, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            acceptance = BatchAcceptance.Retry;
            problem = e.Message;
        }

        switch (acceptance)
        {
            case BatchAcceptance.Accepted:
                metrics.BatchPublished(publisher.Target);
                _backoff.Reset();
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(publisher.Target, spool.Depth);
                }

                return true;
            case BatchAcceptance.Rejected:
                metrics.BatchesDropped(1, "rejected");
                LogRejected(batch.Id, publisher.Target);
                return true;
            default:
                metrics.PublishFailed(publisher.Target);
                if (!_failing)
                {
                    _failing = true;
                    LogFailing(publisher.Target, problem ?? "not accepted");
                }

                return false;
        }
    }

    private CloudEvent<SampleBatch>? Read(SpooledBatch spooled)
    {
        try
        {
            return JsonSerializer.Deserialize(spooled.Payload.Span, WakeDockJson.Context.CloudEventSampleBatch);
        }
        catch (JsonException e)
        {
            metrics.BatchesDropped(1, "corrupt");
            LogUnreadable(spooled.Ordinal, e.Message);
            return null;
        }
    }

    private void SpoolWaitingBatches()
    {
        while (outbox.TryRead(out var batch))
        {
            spool.Append(JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch));
        }
    }

    /// <summary>Waits out the backoff, spooling whatever the collection loop hands over meanwhile.</summary>
    private async Task WaitSpoolingAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + delay;
        while (time.GetUtcNow() < until)
        {
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pause = Task.Delay(until - time.GetUtcNow(), time, wake.Token);
            var arrival = outbox.WaitToReadAsync(wake.Token).AsTask();
            var first = await Task.WhenAny(pause, arrival);
            await wake.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (first == arrival)
            {
                SpoolWaitingBatches();
            }
            else
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing to {Target} failed ({Problem}); batches go to the spool and are replayed in order with backoff")]
    private partial void LogFailing(string target, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing to {Target} works again; {Depth} spooled batches left to replay")]
    private partial void LogRecovered(string target, int depth);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target} rejected batch {Id} for good; dropped")]
    private partial void LogRejected(string id, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spooled batch {Ordinal} is not a readable batch ({Problem}); dropped")]
    private partial void LogUnreadable(long ordinal, string problem);
}
