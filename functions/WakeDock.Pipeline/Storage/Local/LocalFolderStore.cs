using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace WakeDock.Pipeline.Storage.Local;

/// <summary>
/// <see cref="IBlobStore"/> on a local folder: appends go through a kept-open handle and are flushed to
/// the disk (fsync) before they count; whole-file writes go to a temporary file renamed over the target. Leases and
/// conditional writes (several processes on one folder) take an exclusive lock on a <c>.lock</c> file beside the blob.
/// </summary>
public sealed class LocalFolderStore : IBlobStore, ILeaseStore, IAsyncDisposable
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
            if (file.Name.Contains(TemporaryMarker, StringComparison.Ordinal) || file.Name.EndsWith(".lock", StringComparison.Ordinal))
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

    public async Task<string?> TryAcquireLeaseAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        using var guard = await FileGuard.TakeAsync(PathOf(name), cancellationToken);
        var held = await ReadLeaseAsync(name, cancellationToken);
        if (held is { } lease && lease.ExpiresAt > DateTimeOffset.UtcNow)
        {
            return null;
        }

        var id = Guid.NewGuid().ToString("N");
        await WriteLeaseAsync(name, id, duration, cancellationToken);
        return id;
    }

    public async Task<bool> RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        using var guard = await FileGuard.TakeAsync(PathOf(name), cancellationToken);
        var held = await ReadLeaseAsync(name, cancellationToken);
        if (held is not { } lease || lease.Id != leaseId || lease.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return false;
        }

        await WriteLeaseAsync(name, leaseId, lease.Duration, cancellationToken);
        return true;
    }

    public async Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        using var guard = await FileGuard.TakeAsync(PathOf(name), cancellationToken);
        if (await ReadLeaseAsync(name, cancellationToken) is { } lease && lease.Id == leaseId)
        {
            File.Delete(PathOf(name));
        }
    }

    public async Task<VersionedBlob?> ReadVersionedAsync(string name, CancellationToken cancellationToken = default)
    {
        using var guard = await FileGuard.TakeAsync(PathOf(name), cancellationToken);
        return await ReadAsync(name, cancellationToken: cancellationToken) is { } content ? new VersionedBlob(content, ETagOf(content)) : null;
    }

    public async Task<string?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        using var guard = await FileGuard.TakeAsync(PathOf(name), cancellationToken);
        var current = await ReadAsync(name, cancellationToken: cancellationToken);
        if (ifMatch is null ? current is not null : current is null || ETagOf(current) != ifMatch)
        {
            return null;
        }

        await WriteAsync(name, content, cancellationToken);
        return ETagOf(content.Span);
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

    private static string ETagOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content)[..12]);

    private async Task<(string Id, DateTimeOffset ExpiresAt, TimeSpan Duration)?> ReadLeaseAsync(string name, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(name, cancellationToken: cancellationToken);
        var parts = bytes is null ? [] : System.Text.Encoding.ASCII.GetString(bytes).Split(' ');
        return parts.Length == 3
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
               && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var duration)
            ? (parts[0], new DateTimeOffset(expires, TimeSpan.Zero), TimeSpan.FromTicks(duration))
            : null;
    }

    private Task WriteLeaseAsync(string name, string id, TimeSpan duration, CancellationToken cancellationToken)
        => WriteAsync(name, System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id} {(DateTimeOffset.UtcNow + duration).UtcTicks} {duration.Ticks}")), cancellationToken);

    /// <summary>An exclusive lock (flock) on <c>name.lock</c>, shared by every process on the folder; waited for in short steps.</summary>
    private sealed class FileGuard(FileStream handle) : IDisposable
    {
        public static async Task<FileGuard> TakeAsync(string path, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return new FileGuard(new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException) when (attempt < 2000)
                {
                    await Task.Delay(attempt < 20 ? 1 : 5, cancellationToken);
                }
            }
        }

        public void Dispose() => handle.Dispose();
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
