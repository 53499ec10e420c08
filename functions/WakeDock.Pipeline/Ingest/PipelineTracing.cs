using System.Diagnostics;
using WakeDock.Contracts;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Ingest;

/// <summary>
/// The pipeline's spans on the activity source <see cref="SourceName"/>: <c>ingest samples</c> (a consumer
/// span continuing the trace of the batch's <c>traceparent</c>, i.e. the agent's publish span, and linked
/// to the HTTP request that carried it when that is another trace), then <c>store</c> (the group commit)
/// and <c>broadcast</c> (hot tier, live feed, alert announcements) inside it. Nothing is created unless a
/// tracer provider listens.
/// </summary>
public static class PipelineTracing
{
    public const string SourceName = PipelineMetrics.MeterName;

    public static ActivitySource Source { get; } = new(SourceName, typeof(PipelineTracing).Assembly.GetName().Version?.ToString());

    public static Activity? StartIngest(CloudEvent<SampleBatch> batch, IngestOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(batch.TraceParent, batch.TraceState, isRemote: true, out var parent);
        var carrier = Activity.Current;
        ActivityLink[]? links = carrier is not null && carrier.TraceId != parent.TraceId ? [new ActivityLink(carrier.Context)] : null;
        var activity = Source.StartActivity($"ingest {PipelineNames.SamplesTopic}", ActivityKind.Consumer, parent, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", PipelineNames.SamplesTopic);
            activity.SetTag("messaging.message.id", batch.Id);
            activity.SetTag("wakedock.source", batch.Source);
            activity.SetTag("wakedock.host", batch.Data?.Host);
            activity.SetTag("wakedock.samples", batch.Data?.Samples.Count ?? 0);
            activity.SetTag("wakedock.origin", DeadLetterLog.OriginName(origin));
        }

        return activity;
    }

    public static Activity? StartStore() => Source.StartActivity("store");

    public static Activity? StartBroadcast() => Source.StartActivity("broadcast");

    /// <summary>Marks how the ingest ended: <c>wakedock.ingest.outcome</c>, and an error status unless stored or known.</summary>
    public static void Ended(Activity? activity, IngestStatus status, string? reason)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("wakedock.ingest.outcome", status.ToString().ToLowerInvariant());
        if (status != IngestStatus.Success)
        {
            activity.SetStatus(ActivityStatusCode.Error, reason);
        }
    }
}
