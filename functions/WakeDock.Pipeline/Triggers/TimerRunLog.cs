using System.Text.Json;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Triggers;

/// <summary>When each timer function last ran (<c>state/timers.json</c>), so that a run missed while the host was down runs once at start-up.</summary>
public sealed class TimerRunLog(IBlobStore store) : IDisposable
{
    public const string FileName = "state/timers.json";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, DateTimeOffset> _lastRuns = new(StringComparer.Ordinal);

    public sealed record Document(Dictionary<string, DateTimeOffset> LastRuns);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await store.ReadAsync(FileName, cancellationToken: cancellationToken);
        _lastRuns = bytes is { Length: > 0 }
            ? new Dictionary<string, DateTimeOffset>(JsonSerializer.Deserialize(bytes, StorageJsonContext.Default.Document)?.LastRuns ?? [], StringComparer.Ordinal)
            : new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    }

    public void Dispose() => _gate.Dispose();

    public DateTimeOffset? LastRun(string function) => _lastRuns.TryGetValue(function, out var at) ? at : null;

    public async Task RecordAsync(string function, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _lastRuns[function] = at;
            await store.WriteAsync(FileName, JsonSerializer.SerializeToUtf8Bytes(new Document(new Dictionary<string, DateTimeOffset>(_lastRuns)), StorageJsonContext.Default.Document), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
