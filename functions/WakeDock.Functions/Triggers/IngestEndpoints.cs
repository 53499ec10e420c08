using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Functions.Triggers;

/// <summary>
/// The HTTP side of the topic-triggered and direct ingest: <c>GET /dapr/subscribe</c>, the ingest route
/// (one CloudEvent or a Dapr bulk delivery), and the broker's dead-letter topic route.
/// </summary>
public static class IngestEndpoints
{
    public const string DaprTokenHeader = "dapr-api-token";

    public static void MapIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dapr/subscribe", Subscriptions).WithName("DaprSubscribe");
        endpoints.MapPost(PipelineNames.IngestRoute, IngestAsync).WithName("IngestSamples");
        endpoints.MapPost(TriggerTable.BrokerDeadLetterRoute, RecordBrokerDeadLetterAsync).WithName("RecordBrokerDeadLetters");
    }

    public static DaprSubscription[] SubscriptionsOf(IngestOptions options)
        => TriggerTable.Topics.Select(t => new DaprSubscription(t.PubSub!, t.Topic!, t.Route, t.DeadLetterTopic,
                t.Function == TriggerTable.IngestSamples && options.BulkSubscribe ? new DaprBulkSubscribe(true, options.BulkMaxMessages, options.BulkMaxAwaitMilliseconds) : null))
            .ToArray();

    private static IResult Subscriptions(HttpContext context, IOptions<WakeDockOptions> options)
        => Caller(context, options.Value.Ingest) is CallerKind.Refused
            ? IngestAccess.Refused(context, options.Value.Ingest)
            : TypedResults.Json(SubscriptionsOf(options.Value.Ingest), StorageJsonContext.Default.DaprSubscriptionArray);

    private static async Task<IResult> IngestAsync(HttpContext context, IBatchIngest ingest, IOptions<WakeDockOptions> options, CancellationToken cancellationToken)
    {
        var caller = Caller(context, options.Value.Ingest);
        if (caller == CallerKind.Refused)
        {
            return IngestAccess.Refused(context, options.Value.Ingest);
        }

        var origin = caller == CallerKind.Agent ? IngestOrigin.AgentHttp : IngestOrigin.Dapr;
        var (body, tooLarge) = await ReadBodyAsync(context.Request, options.Value.Ingest.MaxBatchBytes, cancellationToken);
        if (tooLarge)
        {
            return Answer(await ingest.RejectAsync(body, $"the body is larger than {options.Value.Ingest.MaxBatchBytes} bytes", origin, cancellationToken));
        }

        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not (CloudEventTypes.MediaType or "application/json"))
        {
            return Answer(await ingest.RejectAsync(body, $"content type '{context.Request.ContentType}' is not {CloudEventTypes.MediaType}", origin, cancellationToken));
        }

        CloudEvent<SampleBatch>? batch;
        try
        {
            batch = JsonSerializer.Deserialize(body, WakeDockJson.Context.CloudEventSampleBatch);
        }
        catch (JsonException single)
        {
            if (TryReadBulk(body) is { Entries: { } entries })
            {
                return TypedResults.Json(await IngestBulkAsync(entries, ingest, cancellationToken), StorageJsonContext.Default.DaprBulkResponse);
            }

            return Answer(await ingest.RejectAsync(body, $"not a CloudEvent of a sample batch: {single.Message}", origin, cancellationToken));
        }

        return batch is null
            ? Answer(await ingest.RejectAsync(body, "the body is JSON null", origin, cancellationToken))
            : Answer(await ingest.IngestAsync(batch, origin, cancellationToken));
    }

    private static async Task<DaprBulkResponse> IngestBulkAsync(List<DaprBulkEntry> entries, IBatchIngest ingest, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(entries.Select(async entry =>
        {
            var raw = Encoding.UTF8.GetBytes(entry.Event.ValueKind == JsonValueKind.Undefined ? "" : entry.Event.GetRawText());
            IngestOutcome outcome;
            try
            {
                outcome = entry.Event.Deserialize(WakeDockJson.Context.CloudEventSampleBatch) is { } batch
                    ? await ingest.IngestAsync(batch, IngestOrigin.DaprBulk, cancellationToken)
                    : await ingest.RejectAsync(raw, "the bulk entry's event is null", IngestOrigin.DaprBulk, cancellationToken);
            }
            catch (JsonException e)
            {
                outcome = await ingest.RejectAsync(raw, $"bulk entry {entry.EntryId}: not a CloudEvent of a sample batch: {e.Message}", IngestOrigin.DaprBulk, cancellationToken);
            }

            return new DaprBulkStatus(entry.EntryId ?? "", StatusText(outcome.Status));
        }));
        return new DaprBulkResponse([.. outcomes.Where(o => o.EntryId.Length > 0)]);
    }

    private static async Task<IResult> RecordBrokerDeadLetterAsync(HttpContext context, DeadLetterLog deadLetters, IOptions<WakeDockOptions> options, CancellationToken cancellationToken)
    {
        if (Caller(context, options.Value.Ingest) == CallerKind.Refused)
        {
            return IngestAccess.Refused(context, options.Value.Ingest);
        }

        var (body, _) = await ReadBodyAsync(context.Request, options.Value.Ingest.MaxBatchBytes, cancellationToken);
        string? source = null, id = null, type = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            source = document.RootElement.TryGetProperty("source", out var s) ? s.GetString() : null;
            id = document.RootElement.TryGetProperty("id", out var i) ? i.GetString() : null;
            type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // kept as received all the same
        }

        try
        {
            await deadLetters.RecordAsync($"the broker moved it to {PipelineNames.SamplesDeadLetterTopic} after its retries", IngestOrigin.Dapr, body, source, id, type, cancellationToken);
            return TypedResults.Json(new DaprStatusResponse("SUCCESS"), StorageJsonContext.Default.DaprStatusResponse);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return TypedResults.Json(new DaprStatusResponse("RETRY", e.Message), StorageJsonContext.Default.DaprStatusResponse);
        }
    }

    private static DaprBulkMessage? TryReadBulk(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, StorageJsonContext.Default.DaprBulkMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonHttpResult<DaprStatusResponse> Answer(IngestOutcome outcome)
        => TypedResults.Json(new DaprStatusResponse(StatusText(outcome.Status), outcome.Reason), StorageJsonContext.Default.DaprStatusResponse);

    public static string StatusText(IngestStatus status) => status switch
    {
        IngestStatus.Success => "SUCCESS",
        IngestStatus.Retry => "RETRY",
        _ => "DROP",
    };

    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)Math.Min(length, limit + 1L) : 1 << 16);
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return (buffer.ToArray(), true);
            }
        }

        return (buffer.ToArray(), false);
    }

    public enum CallerKind
    {
        Dapr,
        Agent,
        Anonymous,
        Refused,
    }

    /// <summary>
    /// Who is calling: the sidecar (its <c>dapr-api-token</c> equal to APP_API_TOKEN), an agent (a known key in
    /// <see cref="PipelineNames.AgentKeyHeader"/>), or, while neither is configured, a caller on this machine only
    /// (embedded, loopback): the host then refuses to listen beyond loopback (<see cref="LoopbackRule"/>).
    /// </summary>
    public static CallerKind Caller(HttpContext context, IngestOptions options)
    {
        var headers = context.Request.Headers;
        if (headers.TryGetValue(DaprTokenHeader, out var token))
        {
            return options.AppApiToken is { Length: > 0 } expected && KeyHash.FixedEquals(token.ToString(), expected) ? CallerKind.Dapr : CallerKind.Refused;
        }

        if (headers.TryGetValue(PipelineNames.AgentKeyHeader, out var key))
        {
            return options.AgentKeys.Any(k => KeyHash.Matches(key.ToString(), k)) ? CallerKind.Agent : CallerKind.Refused;
        }

        return !IngestAccess.IsProtected(options) && LoopbackRule.IsLocalClient(context.Connection) ? CallerKind.Anonymous : CallerKind.Refused;
    }
}
