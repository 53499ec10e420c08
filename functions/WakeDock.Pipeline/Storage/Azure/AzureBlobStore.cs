using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>
/// <see cref="IBlobStore"/> on Azure Blob Storage through Azure.Storage.Blobs: appends are Append Block calls of whole
/// lines (≤ 4 MiB each, so a line is never split between blocks), whole writes are block blobs. An acknowledged Append
/// Block is durable, so nothing needs flushing. Leases are blob leases, conditional writes If-Match / If-None-Match
/// uploads. The SDK's failures come out as <see cref="BlobServiceException"/>.
/// </summary>
public sealed class AzureBlobStore(BlobContainerClient container) : IBlobStore, ILeaseStore, IDisposable
{
    /// <summary>The most one Append Block carries here (the service takes more; 4 MiB keeps Azurite and older accounts in step).</summary>
    public const int MaxAppendBlockBytes = 4 * 1024 * 1024;

    private readonly SemaphoreSlim _containerGate = new(1, 1);
    private volatile bool _containerReady;

    public string Location => $"blob container {container.Name}";

    /// <summary>The container's URL, without any SAS token.</summary>
    public Uri ContainerUri => new UriBuilder(container.Uri) { Query = "" }.Uri;

    public async IAsyncEnumerable<StoredBlob> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var pages = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (pages)
        {
            while (true)
            {
                BlobItem item;
                try
                {
                    if (!await pages.MoveNextAsync())
                    {
                        yield break;
                    }

                    item = pages.Current;
                }
                catch (Exception e) when (BlobServiceException.From(e, "list", $"{container.Name}/{prefix}*", cancellationToken) is { } failure)
                {
                    throw failure;
                }

                yield return new StoredBlob(item.Name, item.Properties.ContentLength ?? 0, item.Properties.LastModified);
            }
        }
    }

    public async Task<long> AppendAsync(string name, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var blob = container.GetAppendBlobClient(name);
        long? first = null;
        try
        {
            foreach (var block in Blocks(lines))
            {
                long offset;
                try
                {
                    offset = await AppendBlockAsync(blob, block, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    await blob.CreateIfNotExistsAsync(new AppendBlobCreateOptions(), cancellationToken);
                    offset = await AppendBlockAsync(blob, block, cancellationToken);
                }

                first ??= offset;
            }
        }
        catch (Exception e) when (BlobServiceException.From(e, "append to", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }

        return first ?? 0;
    }

    public async Task<byte[]?> ReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        if (length == 0)
        {
            return [];
        }

        try
        {
            var range = offset > 0 || length is not null ? new HttpRange(offset, length) : default;
            using var download = (await container.GetBlobClient(name).DownloadStreamingAsync(new BlobDownloadOptions { Range = range }, cancellationToken)).Value;
            var content = new byte[download.Details.ContentLength];
            await download.Content.ReadExactlyAsync(content, cancellationToken);
            return content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 416)
        {
            return [];
        }
        catch (Exception e) when (BlobServiceException.From(e, "read", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            await container.GetBlockBlobClient(name).UploadAsync(BinaryData.FromBytes(content).ToStream(), new BlobUploadOptions(), cancellationToken);
        }
        catch (Exception e) when (BlobServiceException.From(e, "write", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            return (await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (Exception e) when (BlobServiceException.From(e, "delete", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task RepairTailAsync(string name, long completeLength, CancellationToken cancellationToken = default)
    {
        var tail = await ReadAsync(name, Math.Max(0, completeLength), null, cancellationToken);
        if (tail is { Length: > 0 })
        {
            try
            {
                await AppendBlockAsync(container.GetAppendBlobClient(name), "\n"u8.ToArray(), cancellationToken);
            }
            catch (Exception e) when (BlobServiceException.From(e, "append to", Target(name), cancellationToken) is { } failure)
            {
                throw failure;
            }
        }
    }

    public ValueTask ReleaseAsync(string name) => ValueTask.CompletedTask;

    public async Task<string?> TryAcquireLeaseAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var blob = container.GetBlockBlobClient(name);
        try
        {
            try
            {
                return (await blob.GetBlobLeaseClient().AcquireAsync(duration, cancellationToken: cancellationToken)).Value.LeaseId;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                await CreateEmptyAsync(blob, cancellationToken);
                return (await blob.GetBlobLeaseClient().AcquireAsync(duration, cancellationToken: cancellationToken)).Value.LeaseId;
            }
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
        catch (Exception e) when (BlobServiceException.From(e, "lease", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<bool> RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.GetBlockBlobClient(name).GetBlobLeaseClient(leaseId).RenewAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
        catch (Exception e) when (BlobServiceException.From(e, "renew the lease of", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.GetBlockBlobClient(name).GetBlobLeaseClient(leaseId).ReleaseAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
        }
        catch (Exception e) when (BlobServiceException.From(e, "release the lease of", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<VersionedBlob?> ReadVersionedAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var download = (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value;
            return new VersionedBlob(download.Content.ToArray(), download.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (BlobServiceException.From(e, "read", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<string?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, string? ifMatch, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var conditions = ifMatch is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(ifMatch) };
        try
        {
            var uploaded = await container.GetBlockBlobClient(name).UploadAsync(BinaryData.FromBytes(content).ToStream(), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
            return uploaded.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
        catch (Exception e) when (BlobServiceException.From(e, "write", Target(name), cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private static async Task CreateEmptyAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(new MemoryStream(), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // created by another instance meanwhile
        }
    }

    public void Dispose() => _containerGate.Dispose();

    private static async Task<long> AppendBlockAsync(AppendBlobClient blob, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        var appended = await blob.AppendBlockAsync(BinaryData.FromBytes(block).ToStream(), new AppendBlobAppendBlockOptions(), cancellationToken);
        return long.Parse(appended.Value.BlobAppendOffset, CultureInfo.InvariantCulture);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Blocks(ReadOnlyMemory<byte> lines)
    {
        while (lines.Length > MaxAppendBlockBytes)
        {
            var cut = lines.Span[..MaxAppendBlockBytes].LastIndexOf((byte)'\n') + 1;
            if (cut == 0)
            {
                throw new InvalidOperationException("A single line is longer than an append block (4 MiB).");
            }

            yield return lines[..cut];
            lines = lines[cut..];
        }

        if (lines.Length > 0)
        {
            yield return lines;
        }
    }

    private string Target(string name) => $"{container.Name}/{name}";

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady)
        {
            return;
        }

        await _containerGate.WaitAsync(cancellationToken);
        try
        {
            if (!_containerReady)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _containerReady = true;
            }
        }
        catch (RequestFailedException e) when (e.Status == 403 && e.ErrorCode is "AuthorizationFailure" or "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch")
        {
            // a container SAS or a data-plane role may not create containers: the container is expected to exist, which the first call proves
            _containerReady = true;
        }
        catch (Exception e) when (BlobServiceException.From(e, "create container", container.Name, cancellationToken) is { } failure)
        {
            throw failure;
        }
        finally
        {
            _containerGate.Release();
        }
    }
}
