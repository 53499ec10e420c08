using System.Collections.Concurrent;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>The worker's standard output and error and the RpcLog messages it streams, newest last, bounded.</summary>
public sealed class WorkerLog(Action<string>? output)
{
    private const int Capacity = 5_000;
    private readonly ConcurrentQueue<string> _lines = new();

    public void Add(string source, string line)
    {
        var entry = $"[{source}] {line}";
        _lines.Enqueue(entry);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }

        try
        {
            output?.Invoke(entry);
        }
        catch (InvalidOperationException)
        {
            // xunit's output helper refuses lines once its test has finished; the line is kept here all the same.
        }
    }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string Tail(int count = 80) => string.Join('\n', _lines.ToArray().TakeLast(count));
}
