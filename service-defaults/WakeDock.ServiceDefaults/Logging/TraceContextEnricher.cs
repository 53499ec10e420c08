using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace WakeDock.ServiceDefaults.Logging;

/// <summary>
/// Adds <c>TraceId</c> and <c>SpanId</c> of <see cref="Activity.Current"/> to every event, so that
/// the console template can show them and a log line can be found from a trace (and back).
/// </summary>
public sealed class TraceContextEnricher : ILogEventEnricher
{
    public const string TraceIdProperty = "TraceId";
    public const string SpanIdProperty = "SpanId";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (logEvent.TraceId is { } traceId && logEvent.SpanId is { } spanId)
        {
            Add(logEvent, traceId.ToHexString(), spanId.ToHexString());
        }
        else if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            Add(logEvent, activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
        }
    }

    /// <summary>The event's trace and span ids: Serilog's own capture, else this enricher's properties.</summary>
    public static (string? TraceId, string? SpanId) Ids(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (logEvent.TraceId is { } traceId && logEvent.SpanId is { } spanId)
        {
            return (traceId.ToHexString(), spanId.ToHexString());
        }

        return (Text(logEvent, TraceIdProperty), Text(logEvent, SpanIdProperty));
    }

    private static void Add(LogEvent logEvent, string traceId, string spanId)
    {
        logEvent.AddPropertyIfAbsent(new LogEventProperty(TraceIdProperty, new ScalarValue(traceId)));
        logEvent.AddPropertyIfAbsent(new LogEventProperty(SpanIdProperty, new ScalarValue(spanId)));
    }

    private static string? Text(LogEvent logEvent, string property)
        => logEvent.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: string text } ? text : null;
}
