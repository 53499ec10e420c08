using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Diagnostics;
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
                    var (delivered, json) = await TryDeliverAsync(batch, null, stoppingToken);
                    if (delivered)
                    {
                        continue;
                    }

                    spool.Append(json.Span);
                }
                else
                {
                    SpoolWaitingBatches();
                    if (spool.PeekOldest() is not { } oldest)
                    {
                        continue;
                    }

                    var batch = Read(oldest);
                    if (batch is null || (await TryDeliverAsync(batch, oldest.Payload, stoppingToken)).Delivered)
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

    /// <summary>
    /// One attempt, in its publish span; <paramref name="json"/> (the spooled form) is sent as is unless the span re-stamped the batch.
    /// The batch is serialized only for a publisher that sends JSON, or to be spooled when it was not accepted.
    /// </summary>
    private async Task<(bool Delivered, ReadOnlyMemory<byte> Json)> TryDeliverAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte>? json, CancellationToken cancellationToken)
    {
        using var publishing = AgentTracing.StartPublish(ref batch, publisher.Target);
        var payload = publishing is null && json is { } spooled ? spooled
            : publisher.SendsJson ? Serialize(batch)
            : (ReadOnlyMemory<byte>?)null;
        BatchAcceptance acceptance;
        string? problem = null;
        try
        {
            acceptance = await publisher.PublishAsync(batch, payload ?? ReadOnlyMemory<byte>.Empty, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            acceptance = BatchAcceptance.Retry;
            problem = e.Message;
        }

        publishing?.SetTag("wakedock.publish.outcome", acceptance.ToString().ToLowerInvariant());
        if (acceptance != BatchAcceptance.Accepted)
        {
            publishing?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, problem ?? acceptance.ToString());
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

                return (true, ReadOnlyMemory<byte>.Empty);
            case BatchAcceptance.Rejected:
                metrics.BatchesDropped(1, "rejected");
                LogRejected(batch.Id, publisher.Target);
                return (true, ReadOnlyMemory<byte>.Empty);
            default:
                metrics.PublishFailed(publisher.Target);
                if (!_failing)
                {
                    _failing = true;
                    LogFailing(publisher.Target, problem ?? "not accepted");
                }

                return (false, payload ?? Serialize(batch));
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
            spool.Append(Serialize(batch));
        }
    }

    private static byte[] Serialize(CloudEvent<SampleBatch> batch)
        => JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch);

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
