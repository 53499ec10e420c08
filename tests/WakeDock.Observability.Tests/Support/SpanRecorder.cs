using System.Collections.Concurrent;
using System.Diagnostics;
using WakeDock.Testing;

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

    /// <summary>
    /// The one ended span that matches, waiting for it: a server span ends after its response has gone out, so the
    /// client may read the answer before the span is recorded.
    /// </summary>
    public async Task<Activity> SingleAsync(Func<Activity, bool> match, TimeSpan? within = null)
    {
        await Eventually.TrueAsync(() => _spans.Any(match), "an ended span that matches", seconds: (int)(within ?? TimeSpan.FromSeconds(10)).TotalSeconds);
        return _spans.Single(match);
    }

    public void Dispose() => _listener.Dispose();
}
