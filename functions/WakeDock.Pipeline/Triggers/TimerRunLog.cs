using System.Text.Json;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Triggers;

/// <summary>
/// When each timer function last ran (<c>state/timers.json</c>), so that a run missed while the host was down runs once at
/// start-up. <paramref name="shared"/> (several instances): each record is merged into the file with a conditional write.
/// </summary>
public sealed class TimerRunLog(IBlobStore store, bool shared = false) : IDisposable
{
    public const string FileName = "state/timers.json";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, DateTimeOffset> _lastRuns = new(StringComparer.Ordinal);

    public sealed record Document(Dictionary<string, DateTimeOffset> LastRuns);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await store.ReadAsync(FileName, cancellationToken: cancellationToken);
        _lastRuns = bytes is { Length: > 0 }
            ? new Dictionary<string, DateTimeOffset>(JsonSerializer.Deserialize(bytes, TriggerJsonContext.Default.Document)?.LastRuns ?? [], StringComparer.Ordinal)
            : new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    }

    public void Dispose() => _gate.Dispose();

    public DateTimeOffset? LastRun(string function) => _lastRuns.TryGetValue(function, out var at) ? at : null;

    /// <summary>When <paramref name="function"/> last ran on any instance, read from storage now.</summary>
    public async Task<DateTimeOffset?> LastRunStoredAsync(string function, CancellationToken cancellationToken)
    {
        var bytes = await store.ReadAsync(FileName, cancellationToken: cancellationToken);
        var document = bytes is { Length: > 0 } ? JsonSerializer.Deserialize(bytes, TriggerJsonContext.Default.Document) : null;
        return document?.LastRuns.TryGetValue(function, out var at) == true ? at : null;
    }

    public async Task RecordAsync(string function, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _lastRuns[function] = at;
            if (!shared || store is not ILeaseStore versioned)
            {
                await store.WriteAsync(FileName, Serialize(_lastRuns), cancellationToken);
                return;
            }

            // Several instances record their runs in one file (scale-out): merge into what is there, conditionally.
            while (true)
            {
                var current = await versioned.ReadVersionedAsync(FileName, cancellationToken);
                var merged = current is { Content.Length: > 0 } ? JsonSerializer.Deserialize(current.Content, TriggerJsonContext.Default.Document)?.LastRuns ?? [] : [];
                foreach (var (name, last) in _lastRuns)
                {
                    if (!merged.TryGetValue(name, out var other) || other < last)
                    {
                        merged[name] = last;
                    }
                }

                if (await versioned.TryWriteAsync(FileName, Serialize(merged), current?.ETag, cancellationToken) is not null)
                {
                    _lastRuns = new Dictionary<string, DateTimeOffset>(merged, StringComparer.Ordinal);
                    return;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static byte[] Serialize(Dictionary<string, DateTimeOffset> lastRuns)
        => JsonSerializer.SerializeToUtf8Bytes(new Document(new Dictionary<string, DateTimeOffset>(lastRuns)), TriggerJsonContext.Default.Document);
}
