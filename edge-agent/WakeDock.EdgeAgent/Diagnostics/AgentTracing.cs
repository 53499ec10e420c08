using System.Diagnostics;
using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Diagnostics;

/// <summary>
/// The agent's spans on the activity source <see cref="SourceName"/>: <c>collect</c> for one interval's
/// sampling, and <c>publish samples</c> (a producer span) for each delivery attempt of a batch. The
/// batch's CloudEvent carries the publish span's context in <c>traceparent</c>, so the ingest that
/// receives it continues the same trace. Without a listener (no tracer provider) nothing is created.
/// </summary>
public static class AgentTracing
{
    public const string SourceName = "WakeDock.EdgeAgent";

    public static ActivitySource Source { get; } = new(SourceName, typeof(AgentTracing).Assembly.GetName().Version?.ToString());

    public static Activity? StartCollect() => Source.StartActivity("collect");

    /// <summary>
    /// Starts the publish span as a child of the context the batch carries (the collection that made it,
    /// or an earlier attempt) and stamps the batch with the span's own context.
    /// </summary>
    public static Activity? StartPublish(ref CloudEvent<SampleBatch> batch, string target)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(batch.TraceParent, batch.TraceState, out var parent);
        var activity = Source.StartActivity($"publish {PipelineNames.SamplesTopic}", ActivityKind.Producer, parent);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("messaging.system", target == "dapr" ? "dapr" : "wakedock");
        activity.SetTag("messaging.operation.type", "send");
        activity.SetTag("messaging.destination.name", PipelineNames.SamplesTopic);
        activity.SetTag("messaging.message.id", batch.Id);
        activity.SetTag("wakedock.publish.target", target);
        activity.SetTag("wakedock.host", batch.Data?.Host);
        activity.SetTag("wakedock.samples", batch.Data?.Samples.Count ?? 0);
        batch = batch with { TraceParent = activity.Id, TraceState = activity.TraceStateString };
        return activity;
    }
}
