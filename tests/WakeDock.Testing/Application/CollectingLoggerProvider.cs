using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WakeDock.Testing;

/// <summary>A log entry's category, level, message and structured fields (the message template's values).</summary>
public sealed record LogRecord(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields);

/// <summary>Keeps every log line (and, when given a queue for them, every entry with its fields) for the test to read.</summary>
public sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines, ConcurrentQueue<LogRecord>? records = null) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Collecting(categoryName, lines, records);

    public void Dispose()
    {
    }

    private sealed class Collecting(string category, ConcurrentQueue<string> lines, ConcurrentQueue<LogRecord>? records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            lines.Enqueue($"{logLevel} {category}: {message} {exception}");
            records?.Enqueue(new LogRecord(category, logLevel, message,
                state is IEnumerable<KeyValuePair<string, object?>> fields ? fields.ToDictionary(f => f.Key, f => f.Value) : []));
        }
    }
}
