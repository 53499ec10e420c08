using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Functions.Triggers.Queues;

/// <summary>
/// The ingest function of queued batches: the agents' Dapr output binding (<c>bindings.azure.storagequeues</c>) puts each
/// batch's CloudEvent on <see cref="PipelineNames.SamplesQueue"/>, or a <see cref="BatchClaimCheck"/> naming the blob that
/// holds a batch too large for a message. The embedded agent hands its batches to <see cref="AcceptAsync"/> in-process.
/// A batch to retry fails the invocation, so the host makes the message visible again and, after
/// <c>maxDequeueCount</c> tries (host.json), moves it to the poison queue; a malformed one is dead-lettered with its reason.
/// </summary>
public sealed class SampleIngestFunctions(IBatchIngest ingest, IBlobStore store)
{
    [Function("ingest-queue")]
    public async Task IngestQueued([QueueTrigger($"%{PipelineNames.SamplesQueueSetting}%")] string message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(message);
        string? claim = null;
        CloudEvent<SampleBatch>? batch;
        try
        {
            claim = ClaimOf(body);
            if (claim is not null)
            {
                body = await store.ReadAsync(claim, cancellationToken: cancellationToken)
                    ?? throw new BatchNotReadyException($"the claim-checked batch {claim} is not (yet) in storage");
            }

            batch = JsonSerializer.Deserialize(body, WakeDockJson.Context.CloudEventSampleBatch);
        }
        catch (JsonException e)
        {
            await RejectAsync(body, $"not a CloudEvent of a sample batch: {e.Message}", claim, cancellationToken);
            return;
        }

        if (batch is null)
        {
            await RejectAsync(body, "the message is JSON null", claim, cancellationToken);
            return;
        }

        var outcome = await AcceptAsync(batch, IngestOrigin.Queue, cancellationToken);
        if (outcome.Status == IngestStatus.Retry)
        {
            throw new BatchNotReadyException($"batch {batch.Id} of {batch.Source} is to be retried: {outcome.Reason}");
        }

        await ForgetAsync(claim, cancellationToken);
    }

    /// <summary>Stores a batch and evaluates its thresholds, once per (source, id) whoever delivered it.</summary>
    public Task<IngestOutcome> AcceptAsync(CloudEvent<SampleBatch> batch, IngestOrigin origin, CancellationToken cancellationToken)
        => ingest.IngestAsync(batch, origin, cancellationToken);

    private static string? ClaimOf(byte[] body)
    {
        if (body.Length > 4096 || body.AsSpan().IndexOf("\"claim_check\""u8) < 0)
        {
            return null;
        }

        var claim = JsonSerializer.Deserialize(body, WakeDockJson.Context.BatchClaimCheck)?.ClaimCheck;
        if (claim is null || !claim.StartsWith(PipelineNames.ClaimCheckPrefix, StringComparison.Ordinal) || claim.Contains("..", StringComparison.Ordinal))
        {
            throw new JsonException($"a claim check must name a blob under {PipelineNames.ClaimCheckPrefix}");
        }

        return claim;
    }

    private async Task RejectAsync(byte[] body, string reason, string? claim, CancellationToken cancellationToken)
    {
        await ingest.RejectAsync(body, claim is null ? reason : $"{reason} (claim check {claim})", IngestOrigin.Queue, cancellationToken);
        await ForgetAsync(claim, cancellationToken);
    }

    private async Task ForgetAsync(string? claim, CancellationToken cancellationToken)
    {
        if (claim is not null)
        {
            await store.DeleteAsync(claim, cancellationToken);
        }
    }
}

/// <summary>The batch cannot be stored now; the queue delivers it again.</summary>
public sealed class BatchNotReadyException(string message) : Exception(message);
