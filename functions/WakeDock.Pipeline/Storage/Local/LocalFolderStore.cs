using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace WakeDock.Pipeline.Storage.Local;

/// <summary>
/// <see cref="IBlobStore"/> on a local folder: appends go through a kept-open handle and are flushed to
/// the disk (fsync) before they count; whole-file writes go to a temporary file renamed over the target.
/// </summary>
public sealed class LocalFolderStore : IBlobStore, IAsyncDisposable
{
    private const string TemporaryMarker = ".tmp-";
    private readonly string _root;
    private readonly ConcurrentDictionary<string, AppendHandle> _appendHandles = new(StringComparer.Ordinal);

    public LocalFolderStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Location => _root;

    public async IAsyncEnumerable<StoredBlob> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? "" : prefix[..slash];
        var namePrefix = prefix[(slash + 1)..];
        var directory = new DirectoryInfo(Path.Combine(_root, folder));
        if (!directory.Exists)
        {
            yield break;
        }

        foreach (var file in directory.EnumerateFiles(namePrefix + "*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Name.Contains(TemporaryMarker, StringComparison.Ordinal))
            {
                continue;
            }

            yield return new StoredBlob(folder.Length == 0 ? file.Name : $"{folder}/{file.Name}", file.Length, file.LastWriteTimeUtc);
        }

        await Task.CompletedTask;
    }

    public Task<long> AppendAsync(string name, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken = default)
    {
        var handle = _appendHandles.GetOrAdd(name, n => new AppendHandle(PathOf(n)));
        return Task.FromResult(handle.Append(lines.Span));
    }

    public async Task<byte[]?> ReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        try
        {
            using var file = File.OpenHandle(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var size = RandomAccess.GetLength(file);
            var count = (int)Math.Max(0, Math.Min(length ?? long.MaxValue, size - offset));
            var buffer = new byte[count];
            var read = 0;
            while (read < count)
            {
                var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(read), offset + read, cancellationToken);
                if (n == 0)
                {
                    return buffer[..read];
                }

                read += n;
            }

            return buffer;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await ReleaseAsync(name);
        var target = PathOf(name);
        var temporary = $"{target}{TemporaryMarker}{Guid.NewGuid():N}";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, target, overwrite: true);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await ReleaseAsync(name);
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public async Task RepairTailAsync(string name, long completeLength, CancellationToken cancellationToken = default)
    {
        await ReleaseAsync(name);
        await using var stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        if (stream.Length > completeLength)
        {
            stream.SetLength(completeLength);
            stream.Flush(flushToDisk: true);
        }
    }

    public ValueTask ReleaseAsync(string name)
    {
        if (_appendHandles.TryRemove(name, out var handle))
        {
            handle.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var handle in _appendHandles.Values)
        {
            handle.Dispose();
        }

        _appendHandles.Clear();
        return ValueTask.CompletedTask;
    }

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            throw new ArgumentException($"'{name}' is not a blob name.", nameof(name));
        }

        var path = Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private sealed class AppendHandle(string path) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16);
        private readonly Lock _gate = new();

        public long Append(ReadOnlySpan<byte> lines)
        {
            lock (_gate)
            {
                var offset = _stream.Position;
                _stream.Write(lines);
                _stream.Flush(flushToDisk: true);
                return offset;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _stream.Dispose();
            }
        }
    }
}
