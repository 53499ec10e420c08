using System.Collections.Concurrent;
using System.Diagnostics;

namespace WakeDock.Observability.Tests.Support;

/// <summary>
/// Listens to activity sources as a tracer provider would (every span recorded) and keeps the spans that
/// ended. Sources are process-wide: tests pick their own spans out by trace id or tags.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();

    public SpanRecorder(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IEnumerable<Activity> InTrace(ActivityTraceId trace) => _spans.Where(s => s.TraceId == trace);

    public void Dispose() => _listener.Dispose();
}
