using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;

namespace WakeDock.EdgeAgent.Diagnostics.Logging;

/// <summary>
/// The Compact Log Event Format (CLEF): one JSON object a line with <c>@t</c> (UTC, round-trip),
/// <c>@m</c> (the rendered message), <c>@mt</c> (its template), <c>@l</c> (omitted for Information),
/// <c>@x</c> (the exception), <c>@tr</c>/<c>@sp</c> (W3C trace and span ids), then every property;
/// a property whose name starts with <c>@</c> gets a second <c>@</c>. Serilog.Formatting.Compact
/// writes this format but cannot be restored here.
/// </summary>
public sealed class ClefFormatter : ITextFormatter
{
    private static readonly JsonValueFormatter Values = new(typeTagName: "$type");

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);

        output.Write("{\"@t\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        output.Write("\",\"@m\":");
        // interpolated text (a template with the secret in it) is masked as well as the properties
        JsonValueFormatter.WriteQuotedJsonString(SecretMasking.MaskText(logEvent.MessageTemplate.Render(logEvent.Properties, CultureInfo.InvariantCulture)), output);
        output.Write(",\"@mt\":");
        JsonValueFormatter.WriteQuotedJsonString(SecretMasking.MaskText(logEvent.MessageTemplate.Text), output);
        if (logEvent.Level != LogEventLevel.Information)
        {
            output.Write(",\"@l\":\"");
            output.Write(logEvent.Level.ToString());
            output.Write('"');
        }

        if (logEvent.Exception is { } exception)
        {
            output.Write(",\"@x\":");
            JsonValueFormatter.WriteQuotedJsonString(SecretMasking.MaskText(exception.ToString()), output);
        }

        var (traceId, spanId) = TraceContextEnricher.Ids(logEvent);
        if (traceId is not null)
        {
            output.Write(",\"@tr\":\"");
            output.Write(traceId);
            output.Write('"');
        }

        if (spanId is not null)
        {
            output.Write(",\"@sp\":\"");
            output.Write(spanId);
            output.Write('"');
        }

        foreach (var (name, value) in logEvent.Properties)
        {
            if (name is TraceContextEnricher.TraceIdProperty or TraceContextEnricher.SpanIdProperty)
            {
                continue;
            }

            output.Write(',');
            JsonValueFormatter.WriteQuotedJsonString(name.StartsWith('@') ? "@" + name : name, output);
            output.Write(':');
            Values.Format(value, output);
        }

        output.Write('}');
        output.Write('\n');
    }
}
