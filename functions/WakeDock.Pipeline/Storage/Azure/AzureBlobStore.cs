using System.Net;
using System.Runtime.CompilerServices;

namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>
/// <see cref="IBlobStore"/> on Azure Blob Storage: appends are Append Block calls of whole lines (≤ 4 MiB
/// each, so a line is never split between blocks), whole writes are block blobs. An acknowledged Append
/// Block is durable, so nothing needs flushing.
/// </summary>
public sealed class AzureBlobStore(BlobRestClient client, string container) : IBlobStore, IDisposable
{
    public const string HttpClientName = "wakedock-blob";

    private readonly SemaphoreSlim _containerGate = new(1, 1);
    private volatile bool _containerReady;

    public string Location => $"blob container {container}";

    public async IAsyncEnumerable<StoredBlob> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        await foreach (var item in client.ListAsync(container, prefix, cancellationToken))
        {
            yield return new StoredBlob(item.Name, item.Length, item.LastModified);
        }
    }

    public async Task<long> AppendAsync(string name, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        long? first = null;
        foreach (var block in Blocks(lines))
        {
            long offset;
            try
            {
                offset = await client.AppendBlockAsync(container, name, block, cancellationToken: cancellationToken);
            }
            catch (BlobRequestException e) when (e.Status == HttpStatusCode.NotFound)
            {
                await client.CreateAppendBlobAsync(container, name, cancellationToken);
                offset = await client.AppendBlockAsync(container, name, block, cancellationToken: cancellationToken);
            }

            first ??= offset;
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
            return await client.DownloadAsync(container, name, offset, length, cancellationToken);
        }
        catch (BlobRequestException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (BlobRequestException e) when (e.Status == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return [];
        }
    }

    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        await client.PutBlockBlobAsync(container, name, content, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        return await client.DeleteAsync(container, name, cancellationToken);
    }

    public async Task RepairTailAsync(string name, long completeLength, CancellationToken cancellationToken = default)
    {
        var tail = await ReadAsync(name, Math.Max(0, completeLength), null, cancellationToken);
        if (tail is { Length: > 0 })
        {
            await client.AppendBlockAsync(container, name, "\n"u8.ToArray(), cancellationToken: cancellationToken);
        }
    }

    public ValueTask ReleaseAsync(string name) => ValueTask.CompletedTask;

    public void Dispose() => _containerGate.Dispose();

    private static IEnumerable<ReadOnlyMemory<byte>> Blocks(ReadOnlyMemory<byte> lines)
    {
        while (lines.Length > BlobRestClient.MaxAppendBlockBytes)
        {
            var cut = lines.Span[..BlobRestClient.MaxAppendBlockBytes].LastIndexOf((byte)'\n') + 1;
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
                await client.CreateContainerAsync(container, cancellationToken);
                _containerReady = true;
            }
        }
        finally
        {
            _containerGate.Release();
        }
    }
}
