using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WakeDock.Testing;

/// <summary>A log entry's category and structured fields (the message template's values).</summary>
public sealed record LogRecord(string Category, IReadOnlyDictionary<string, object?> Fields);

/// <summary>Keeps every log line (and, when given a queue for them, every entry's fields) for the test to read.</summary>
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
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            if (records is not null && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                records.Enqueue(new LogRecord(category, fields.ToDictionary(f => f.Key, f => f.Value)));
            }
        }
    }
}
