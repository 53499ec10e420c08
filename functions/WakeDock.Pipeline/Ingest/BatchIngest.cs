using System.Diagnostics;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Ingest;

/// <summary>
/// The ingest function: validate → dedupe (ledger claim) → evaluate thresholds → one group commit of the
/// samples and the alerts they raised (flushed) → the <see cref="CommittedBatch"/> to its observers (hot tier, live
/// feed, alert announcements, host board…) → SUCCESS. Storage failing answers RETRY; a malformed batch is
/// dead-lettered and answered DROP.
/// </summary>
public sealed class BatchIngest(
    IngestLedger ledger,
    IBatchEvaluator evaluator,
    GroupCommitWriter writer,
    IEnumerable<ICommittedBatchObserver> observers,
    CollectionHealth health,
    DeadLetterLog deadLetters,
    PipelineMetrics metrics,
    IngestActivity activity,
    IHostPartitions partitions,
    TimeProvider time,
    IOptions<WakeDockOptions> options,
    ILogger<BatchIngest> logger) : IBatchIngest
{
    private readonly ICommittedBatchObserver[] _observers = [.. observers];

    public async Task<IngestOutcome> IngestAsync(CloudEvent<SampleBatch> batch, IngestOrigin origin, CancellationToken cancellationToken = default)
    {
        using var tracing = PipelineTracing.StartIngest(batch, origin);
        var outcome = await IngestTracedAsync(batch, origin, cancellationToken);
        PipelineTracing.Ended(tracing, outcome.Status, outcome.Reason);
        return outcome;
    }

    private async Task<IngestOutcome> IngestTracedAsync(CloudEvent<SampleBatch> batch, IngestOrigin origin, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        if (BatchValidator.Problem(batch, now, options.Value.Ingest.MaxClockSkew, TimeSpan.FromDays(options.Value.Retention.MetricsDays)) is { } problem)
        {
            var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch);
            return await DeadLetterAsync(payload, problem, origin, batch.Source, batch.Id, batch.Type, started, cancellationToken);
        }

        var data = batch.Data!;
        bool entered;
        try
        {
            entered = await partitions.EnterAsync(data.Host, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            logger.StorageRefusedBatch(e, batch.Source, batch.Id);
            metrics.RecordBatch(IngestResultKind.Retry, 0, Stopwatch.GetElapsedTime(started), null, "storage");
            return IngestOutcome.Retry($"storage unavailable: {e.Message}");
        }

        if (!entered)
        {
            metrics.RecordBatch(IngestResultKind.Retry, 0, Stopwatch.GetElapsedTime(started), null, "partition");
            return IngestOutcome.Retry($"host {data.Host} is being ingested by another instance");
        }

        try
        {
            return await IngestEnteredAsync(batch, data, started, now, cancellationToken);
        }
        finally
        {
            partitions.Leave(data.Host);
        }
    }

    private async Task<IngestOutcome> IngestEnteredAsync(CloudEvent<SampleBatch> batch, SampleBatch data, long started, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var samples = data.Samples.Select(s => BatchValidator.Normalize(s, data.Host)).ToList();
        var claim = ledger.Claim(batch.Source, batch.Id, data.Host, samples);
        if (claim.Kind == ClaimKind.Duplicate)
        {
            metrics.RecordBatch(IngestResultKind.Duplicate, 0, Stopwatch.GetElapsedTime(started), null);
            return IngestOutcome.AlreadyStored("already stored");
        }

        if (claim.Kind == ClaimKind.Busy)
        {
            metrics.RecordBatch(IngestResultKind.Retry, 0, Stopwatch.GetElapsedTime(started), null, "busy");
            return IngestOutcome.Retry("the same batch is being stored right now");
        }

        var stored = false;
        try
        {
            if (!await partitions.FenceAsync(data.Host, claim.Runs, cancellationToken))
            {
                metrics.RecordBatch(IngestResultKind.Retry, 0, Stopwatch.GetElapsedTime(started), null, "partition");
                return IngestOutcome.Retry($"host {data.Host} moved to another instance");
            }

            var accepted = new SampleBatch
            {
                Host = data.Host,
                FirstSequence = data.FirstSequence,
                LastSequence = data.LastSequence,
                IntervalSeconds = data.IntervalSeconds,
                Samples = claim.NewSamples,
                Events = data.Events,
            };
            var alerts = evaluator.Evaluate(accepted, now);
            var work = new CommitWork(
                LineEncoder.Encode(claim.NewSamples, s => s.Timestamp, WakeDockJson.Context.ContainerSample),
                AlertJournal.Encode(alerts));
            using (PipelineTracing.StartStore())
            {
                // Not the caller's token: a sender giving up mid-commit must not leave stored samples unknown to the
                // ledger and the hot tier (its redelivery would be stored a second time).
                await writer.CommitAsync(work, CancellationToken.None);
            }

            stored = true;

            using (PipelineTracing.StartBroadcast())
            {
                var committed = new CommittedBatch(data, claim.NewSamples, alerts);
                foreach (var observer in _observers)
                {
                    observer.OnCommitted(committed);
                }

                health.RecordReads(data);
            }

            activity.Stored(data);

            var lag = claim.NewSamples.Count > 0 ? time.GetUtcNow() - claim.NewSamples.Max(s => s.Timestamp) : (TimeSpan?)null;
            metrics.RecordBatch(IngestResultKind.Success, claim.NewSamples.Count, Stopwatch.GetElapsedTime(started), lag);
            return IngestOutcome.Stored(claim.NewSamples.Count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or ObjectDisposedException)
        {
            logger.StorageRefusedBatch(e, batch.Source, batch.Id);
            metrics.RecordBatch(IngestResultKind.Retry, 0, Stopwatch.GetElapsedTime(started), null, "storage");
            return IngestOutcome.Retry($"storage unavailable: {e.Message}");
        }
        finally
        {
            ledger.Complete(claim, stored);
        }
    }

    public Task<IngestOutcome> RejectAsync(ReadOnlyMemory<byte> payload, string reason, IngestOrigin origin, CancellationToken cancellationToken = default)
        => DeadLetterAsync(payload, reason, origin, null, null, null, Stopwatch.GetTimestamp(), cancellationToken);

    private async Task<IngestOutcome> DeadLetterAsync(ReadOnlyMemory<byte> payload, string reason, IngestOrigin origin, string? source, string? id, string? type, long started, CancellationToken cancellationToken)
    {
        try
        {
            await deadLetters.RecordAsync(reason, origin, payload, source, id, type, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            logger.DeadLetterFailed(e, reason);
            metrics.RecordBatch(IngestResultKind.Retry, 0, Stopwatch.GetElapsedTime(started), null, "storage");
            return IngestOutcome.Retry($"storage unavailable for the dead letter: {e.Message}");
        }

        logger.Dropped(DeadLetterLog.OriginName(origin), source, id, reason);
        metrics.RecordBatch(IngestResultKind.Drop, 0, Stopwatch.GetElapsedTime(started), null, "malformed");
        return IngestOutcome.Dropped(reason);
    }
}
