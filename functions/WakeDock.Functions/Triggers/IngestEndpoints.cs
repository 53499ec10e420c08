using System.Text;
using System.Text.Json;
using Dapr.AspNetCore;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Functions.Security;
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
        var ingest = endpoints.ServiceProvider.GetRequiredService<IOptions<WakeDockOptions>>().Value.Ingest;
        endpoints.MapGet("/dapr/subscribe", (HttpContext context, IOptions<WakeDockOptions> options) => Subscriptions(context, options, endpoints)).WithName("DaprSubscribe");
        var samples = endpoints.MapPost(PipelineNames.IngestRoute, IngestAsync).WithName("IngestSamples").WithTopic(TopicOf(TriggerTable.IngestSamples));
        if (BulkOf(ingest) is { } bulk)
        {
            samples.WithBulkSubscribe(bulk);
        }

        endpoints.MapPost(TriggerTable.BrokerDeadLetterRoute, RecordBrokerDeadLetterAsync).WithName("RecordBrokerDeadLetters")
            .WithTopic(TopicOf(TriggerTable.RecordBrokerDeadLetters));
    }

    /// <summary>The Dapr topic of a topic-triggered function (<see cref="TriggerTable"/>), as Dapr.AspNetCore declares it on its route.</summary>
    public static Dapr.TopicOptions TopicOf(string function)
    {
        var trigger = TriggerTable.Topics.Single(t => t.Function == function);
        return new Dapr.TopicOptions { PubsubName = trigger.PubSub!, Name = trigger.Topic!, DeadLetterTopic = trigger.DeadLetterTopic! };
    }

    /// <summary>The samples topic's bulk delivery, unless <see cref="IngestOptions.BulkSubscribe"/> is off.</summary>
    public static BulkSubscribeTopicOptions? BulkOf(IngestOptions options) => options.BulkSubscribe
        ? new BulkSubscribeTopicOptions { TopicName = PipelineNames.SamplesTopic, MaxMessagesCount = options.BulkMaxMessages, MaxAwaitDurationMs = options.BulkMaxAwaitMilliseconds }
        : null;

    private static async Task Subscriptions(HttpContext context, IOptions<WakeDockOptions> options, IEndpointRouteBuilder endpoints)
    {
        if (Caller(context, options.Value.Ingest) is CallerKind.Refused)
        {
            await IngestAccess.Refused(context, options.Value.Ingest).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        DaprSubscribeAnswer.Write(writer, endpoints.DataSources.SelectMany(d => d.Endpoints));
    }

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
                return TypedResults.Json(await IngestBulkAsync(entries, ingest, cancellationToken), DaprJsonContext.Default.BulkSubscribeAppResponse);
            }

            return Answer(await ingest.RejectAsync(body, $"not a CloudEvent of a sample batch: {single.Message}", origin, cancellationToken));
        }

        return batch is null
            ? Answer(await ingest.RejectAsync(body, "the body is JSON null", origin, cancellationToken))
            : Answer(await ingest.IngestAsync(batch, origin, cancellationToken));
    }

    private static async Task<BulkSubscribeAppResponse> IngestBulkAsync(List<BulkSubscribeMessageEntry<JsonElement>> entries, IBatchIngest ingest, CancellationToken cancellationToken)
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

            return new BulkSubscribeAppResponseEntry(entry.EntryId ?? "", StatusOf(outcome.Status));
        }));
        return new BulkSubscribeAppResponse([.. outcomes.Where(o => o.EntryId.Length > 0)]);
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
            return TypedResults.Json(new DaprStatusResponse(nameof(BulkSubscribeAppResponseStatus.SUCCESS)), TriggerJsonContext.Default.DaprStatusResponse);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return TypedResults.Json(new DaprStatusResponse(nameof(BulkSubscribeAppResponseStatus.RETRY), e.Message), TriggerJsonContext.Default.DaprStatusResponse);
        }
    }

    private static BulkSubscribeMessage<JsonElement>? TryReadBulk(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, DaprJsonContext.Default.BulkSubscribeMessageJsonElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonHttpResult<DaprStatusResponse> Answer(IngestOutcome outcome)
        => TypedResults.Json(new DaprStatusResponse(StatusOf(outcome.Status).ToString(), outcome.Reason), TriggerJsonContext.Default.DaprStatusResponse);

    /// <summary>The outcome in the words of Dapr's pub/sub contract: SUCCESS, RETRY or DROP.</summary>
    public static BulkSubscribeAppResponseStatus StatusOf(IngestStatus status) => status switch
    {
        IngestStatus.Success => BulkSubscribeAppResponseStatus.SUCCESS,
        IngestStatus.Retry => BulkSubscribeAppResponseStatus.RETRY,
        _ => BulkSubscribeAppResponseStatus.DROP,
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
