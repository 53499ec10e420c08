using System.Diagnostics;
using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace WakeDock.ServiceDefaults.Logging;

/// <summary>
/// The Compact Log Event Format (CLEF) as Serilog.Formatting.Compact's <see cref="CompactJsonFormatter"/> writes
/// it (<c>@t</c>, <c>@mt</c>, <c>@r</c>, <c>@l</c> left out for Information, <c>@x</c>, <c>@tr</c>/<c>@sp</c>, then every
/// property, a leading <c>@</c> doubled), one object a line, with what our readers expect beside it: the rendered
/// message as <c>@m</c> after <c>@t</c>, secrets masked in the template, the message and the exception as well as in the
/// properties, and the trace context of <see cref="TraceContextEnricher"/> as <c>@tr</c>/<c>@sp</c> rather than properties.
/// </summary>
public sealed class ClefFormatter : ITextFormatter
{
    private const string TemplateField = ",\"@mt\":";

    private static readonly JsonValueFormatter Values = new(typeTagName: "$type");
    private static readonly MessageTemplateParser Parser = new();

    [ThreadStatic]
    private static StringWriter? _buffer;

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);

        var buffer = _buffer ??= new StringWriter(new StringBuilder(512), CultureInfo.InvariantCulture);
        var text = buffer.GetStringBuilder().Clear();
        CompactJsonFormatter.FormatEvent(ForCompact(logEvent), buffer, Values);

        // the compact formatter writes @t first, then @mt: @m goes between them
        var template = IndexOf(text, TemplateField);
        output.Write(text.ToString(0, template));
        output.Write(",\"@m\":");
        // interpolated text (a template with the secret in it) is masked as well as the properties
        JsonValueFormatter.WriteQuotedJsonString(SecretMasking.MaskText(logEvent.MessageTemplate.Render(logEvent.Properties, CultureInfo.InvariantCulture)), output);
        output.Write(text.ToString(template, text.Length - template));
        output.Write('\n');
        if (text.Capacity > 64 * 1024)
        {
            _buffer = null;
        }
    }

    /// <summary>The event as the compact formatter should see it: masked template and exception, trace context as ids.</summary>
    private static LogEvent ForCompact(LogEvent logEvent)
    {
        var templateText = SecretMasking.MaskText(logEvent.MessageTemplate.Text);
        var template = ReferenceEquals(templateText, logEvent.MessageTemplate.Text) ? logEvent.MessageTemplate : Parser.Parse(templateText);
        var exception = logEvent.Exception is { } thrown && thrown.ToString() is var whole && SecretMasking.MaskText(whole) is var shown && !ReferenceEquals(shown, whole)
            ? new MaskedException(shown)
            : logEvent.Exception;
        var (traceId, spanId) = TraceContextEnricher.Ids(logEvent);
        var properties = logEvent.Properties
            .Where(p => p.Key is not (TraceContextEnricher.TraceIdProperty or TraceContextEnricher.SpanIdProperty))
            .Select(p => new LogEventProperty(p.Key, p.Value));
        return new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties,
            traceId is null ? default : ActivityTraceId.CreateFromString(traceId),
            spanId is null ? default : ActivitySpanId.CreateFromString(spanId));
    }

    private static int IndexOf(StringBuilder text, string value)
    {
        for (var i = 0; i <= text.Length - value.Length; i++)
        {
            var j = 0;
            while (j < value.Length && text[i + j] == value[j])
            {
                j++;
            }

            if (j == value.Length)
            {
                return i;
            }
        }

        throw new InvalidOperationException("The compact formatter wrote no message template.");
    }

    /// <summary>An exception whose text is that of the one logged, with its secrets masked.</summary>
    private sealed class MaskedException(string text) : Exception(text)
    {
        private readonly string _text = text;

        public override string ToString() => _text;
    }
}
