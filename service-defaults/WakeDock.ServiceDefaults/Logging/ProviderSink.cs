using System.Globalization;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace WakeDock.ServiceDefaults.Logging;

/// <summary>
/// Hands every event Serilog writes to the <see cref="ILoggerProvider"/>s still registered (the Functions worker's, which
/// carries lines to the Functions host; a test's), its message rendered as Microsoft.Extensions.Logging renders it:
/// strings without quotes (Serilog.Extensions.Hosting's own <c>writeToProviders</c> would quote them), and its
/// properties as the state's name/value pairs, as <c>[LoggerMessage]</c> gives them, <c>{OriginalFormat}</c> included.
/// </summary>
internal sealed class ProviderSink(IReadOnlyList<ILoggerProvider> providers) : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter Message = new("{Message:l}", CultureInfo.InvariantCulture);

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (providers.Count == 0)
        {
            return;
        }

        var category = logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string name } ? name : "None";
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Message.Format(logEvent, text);
        var message = text.ToString();
        var level = Level(logEvent.Level);
        var state = new LogValues(message, [
            .. logEvent.Properties.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value is ScalarValue scalar ? scalar.Value : p.Value.ToString())),
            new("{OriginalFormat}", logEvent.MessageTemplate.Text),
        ]);
        foreach (var provider in providers)
        {
            provider.CreateLogger(category).Log(level, default, state, logEvent.Exception, static (values, _) => values.Message);
        }
    }

    private sealed class LogValues(string message, List<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }

    private static LogLevel Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => LogLevel.Trace,
        LogEventLevel.Debug => LogLevel.Debug,
        LogEventLevel.Information => LogLevel.Information,
        LogEventLevel.Warning => LogLevel.Warning,
        LogEventLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };
}
