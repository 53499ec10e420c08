namespace WakeDock.Pipeline.Storage;

/// <summary>One stored file or blob.</summary>
public sealed record StoredBlob(string Name, long Length, DateTimeOffset? LastModified);

/// <summary>
/// The storage WakeDock writes into: a flat namespace of named blobs ('/' separates folders) that can
/// be appended to, read by range, replaced whole and deleted. A local folder and Azure append blobs
/// implement it; everything above (segments, indexes, tiers, dedupe state) is written once against it.
/// </summary>
public interface IBlobStore
{
    /// <summary>Where the data lives, for logs and health.</summary>
    string Location { get; }

    /// <summary>The blobs whose names start with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Appends whole lines, creating the blob when missing; durable when the task completes. Returns the offset written at.</summary>
    Task<long> AppendAsync(string name, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken = default);

    /// <summary>Reads [<paramref name="offset"/>, offset + length), or to the end; null when the blob does not exist.</summary>
    Task<byte[]?> ReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the blob with <paramref name="content"/> atomically: readers see the old or the new content, never a part.</summary>
    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a blob whose last line is torn (a crash mid-write) safe to append to again: everything from
    /// <paramref name="completeLength"/> on is cut (a folder) or ended with a newline so that it stays one
    /// skipped line (append blobs cannot be cut).
    /// </summary>
    Task RepairTailAsync(string name, long completeLength, CancellationToken cancellationToken = default);

    /// <summary>The writer is done appending to <paramref name="name"/> (a folder closes its handle).</summary>
    ValueTask ReleaseAsync(string name);
}
