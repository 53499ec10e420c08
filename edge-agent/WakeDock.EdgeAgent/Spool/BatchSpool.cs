using System.Globalization;
using Microsoft.Extensions.Logging;
using WakeDock.EdgeAgent.Diagnostics;

namespace WakeDock.EdgeAgent.Spool;

/// <summary>A batch read back from the spool.</summary>
public sealed record SpooledBatch(long Ordinal, ReadOnlyMemory<byte> Payload);

/// <summary>
/// Batches that could not be delivered yet, one checksummed, fsync'd file per batch, named by an
/// ordinal that only grows, so that the oldest is replayed first. Bounded in bytes: when full the
/// oldest batches are dropped, counted, logged and exposed as a metric. Survives kill -9: a batch
/// is in the spool once <see cref="Append"/> returns. Thread-safe.
/// </summary>
public sealed partial class BatchSpool
{
    private const string Extension = ".batch";
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, long> _sizes = [];
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly AgentMetrics _metrics;
    private readonly ILogger<BatchSpool> _logger;
    private long _nextOrdinal = 1;
    private long _bytes;
    private long _dropped;

    public BatchSpool(string directory, long maxBytes, AgentMetrics metrics, ILogger<BatchSpool> logger)
    {
        _directory = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        _metrics = metrics;
        _logger = logger;
        Directory.CreateDirectory(_directory);
        foreach (var leftover in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            File.Delete(leftover);
        }

        foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
            {
                var size = new FileInfo(file).Length;
                _sizes[ordinal] = size;
                _bytes += size;
                _nextOrdinal = Math.Max(_nextOrdinal, ordinal + 1);
            }
        }

        Publish();
        if (_sizes.Count > 0)
        {
            LogReopened(_sizes.Count, _bytes, _directory);
        }
    }

    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _sizes.Count;
            }
        }
    }

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Batches dropped since start: spool full or corrupt.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool IsEmpty => Depth == 0;

    /// <summary>Stores a batch behind every other one; durable when this returns.</summary>
    public void Append(ReadOnlySpan<byte> payload)
    {
        var record = SpoolRecord.Encode(payload);
        lock (_lock)
        {
            if (record.Length > _maxBytes)
            {
                Drop(1, "spool_full");
                LogTooLarge(record.Length, _maxBytes);
                return;
            }

            var evicted = 0;
            while (_bytes + record.Length > _maxBytes && _sizes.Count > 0)
            {
                var oldest = _sizes.First();
                DeleteLocked(oldest.Key);
                evicted++;
            }

            if (evicted > 0)
            {
                Drop(evicted, "spool_full");
                LogFull(_maxBytes, evicted);
            }

            var ordinal = _nextOrdinal++;
            DurableFile.WriteAtomically(PathOf(ordinal), record);
            _sizes[ordinal] = record.Length;
            _bytes += record.Length;
            Publish();
        }
    }

    /// <summary>The oldest intact batch, or null when the spool is empty. Corrupt records on the way are removed with a warning.</summary>
    public SpooledBatch? PeekOldest()
    {
        lock (_lock)
        {
            while (_sizes.Count > 0)
            {
                var ordinal = _sizes.First().Key;
                byte[] content;
                try
                {
                    content = File.ReadAllBytes(PathOf(ordinal));
                }
                catch (FileNotFoundException)
                {
                    _bytes -= _sizes[ordinal];
                    _sizes.Remove(ordinal);
                    continue;
                }

                if (SpoolRecord.Decode(content, out var problem) is { } payload)
                {
                    return new SpooledBatch(ordinal, payload);
                }

                LogCorrupt(PathOf(ordinal), problem!);
                DeleteLocked(ordinal);
                Drop(1, "corrupt");
                Publish();
            }

            return null;
        }
    }

    /// <summary>Forgets a batch once the target has it.</summary>
    public void Remove(SpooledBatch batch)
    {
        lock (_lock)
        {
            if (_sizes.ContainsKey(batch.Ordinal))
            {
                DeleteLocked(batch.Ordinal);
                Publish();
            }
        }
    }

    private void DeleteLocked(long ordinal)
    {
        File.Delete(PathOf(ordinal));
        _bytes -= _sizes[ordinal];
        _sizes.Remove(ordinal);
    }

    private void Drop(long count, string reason)
    {
        Interlocked.Add(ref _dropped, count);
        _metrics.BatchesDropped(count, reason);
    }

    private void Publish() => _metrics.SpoolChanged(_sizes.Count, _bytes);

    private string PathOf(long ordinal) => Path.Combine(_directory, ordinal.ToString("D19", CultureInfo.InvariantCulture) + Extension);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spool reopened with {Depth} undelivered batches ({Bytes} bytes) in {Directory}; replaying them first")]
    private partial void LogReopened(int depth, long bytes, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spool full ({MaxBytes} bytes): dropped the {Count} oldest undelivered batches")]
    private partial void LogFull(long maxBytes, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Bytes} bytes is larger than the whole spool ({MaxBytes} bytes): dropped")]
    private partial void LogTooLarge(int bytes, long maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a torn or corrupt spool record {Path}: {Problem}")]
    private partial void LogCorrupt(string path, string problem);
}
