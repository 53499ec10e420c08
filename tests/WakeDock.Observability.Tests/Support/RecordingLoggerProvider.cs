using Microsoft.Extensions.Logging;

namespace WakeDock.Observability.Tests.Support;

/// <summary>One log call as a provider saw it, with its structured values.</summary>
internal sealed record LoggedEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>Keeps what loggers of this provider wrote.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly List<LoggedEntry> _entries = [];

    public IReadOnlyList<LoggedEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            lock (owner._entries)
            {
                owner._entries.Add(new LoggedEntry(category, logLevel, formatter(state, exception), values));
            }
        }
    }
}
