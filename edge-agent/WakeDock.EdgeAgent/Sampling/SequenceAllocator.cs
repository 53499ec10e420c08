using System.Globalization;
using System.Text;
using WakeDock.EdgeAgent.Spool;

namespace WakeDock.EdgeAgent.Sampling;

/// <summary>
/// Hands out the per-host sample sequence numbers: strictly increasing, across restarts and kill -9.
/// Numbers are leased in blocks: the end of the lease is written durably before any number of it
/// is handed out, and a restart continues from that end, so a number that may have been published
/// is never handed out again (a restart skips what was left of the lease).
/// </summary>
public sealed class SequenceAllocator
{
    private readonly Lock _lock = new();
    private readonly string? _path;
    private readonly long _leaseSize;
    private long _next;
    private long _leaseEnd;

    /// <param name="path">The lease file; null for numbers that are never published (<c>--once</c>).</param>
    public SequenceAllocator(string? path, long leaseSize = 4096)
    {
        _path = path;
        _leaseSize = leaseSize;
        _next = 1;
        if (path is not null && File.Exists(path))
        {
            var text = File.ReadAllText(path, Encoding.ASCII).Trim();
            _next = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end > 0
                ? end
                // The lease file is written by atomic rename and cannot be half written; if it was damaged
                // by hand, the clock (in microseconds) is above every number an agent could have used.
                : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        }

        _leaseEnd = _next;
    }

    /// <summary>Reserves <paramref name="count"/> consecutive numbers and returns the first.</summary>
    public long Reserve(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            var first = _next;
            if (first + count > _leaseEnd)
            {
                var end = first + count + _leaseSize;
                if (_path is not null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
                    DurableFile.WriteAtomically(_path, Encoding.ASCII.GetBytes(end.ToString(CultureInfo.InvariantCulture) + "\n"));
                }

                _leaseEnd = end;
            }

            _next = first + count;
            return first;
        }
    }
}
