namespace WakeDock.Pipeline.Storage;

/// <summary>A blob's content with the version it was read at.</summary>
public sealed record VersionedBlob(byte[] Content, string ETag);

/// <summary>
/// What instances sharing one storage coordinate with: exclusive leases that expire unless renewed (Azure blob
/// leases; a lock file with an expiry in a folder) and writes that only land on the version the writer read
/// (If-Match / If-None-Match). Nothing else: no cluster protocol of our own.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Takes the lease on <paramref name="name"/> for <paramref name="duration"/> (15–60 s); null while another holder has it.</summary>
    Task<string?> TryAcquireLeaseAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease held; false when it was lost (expired and taken, or broken).</summary>
    Task<bool> RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Gives a lease back so that another instance can take it at once; a lease no longer held is ignored.</summary>
    Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>The blob and its version; null when it does not exist.</summary>
    Task<VersionedBlob?> ReadVersionedAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the blob only if it is still at <paramref name="ifMatch"/> (null: only if it does not exist yet).
    /// Returns the new version, or null when another writer got there first.
    /// </summary>
    Task<string?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default);
}
