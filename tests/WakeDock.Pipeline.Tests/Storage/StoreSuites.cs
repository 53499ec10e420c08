using System.Diagnostics;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Pipeline.Storage.Local;
using WakeDock.Pipeline.Storage;
using WakeDock.Testing;

namespace WakeDock.Pipeline.Tests.Storage;

public sealed class LocalFolderStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _root = TempFolder.Create("store");

    protected override IBlobStore NewStore() => new LocalFolderStore(Path.Combine(_root, Guid.NewGuid().ToString("N")));

    public void Dispose() => TempFolder.Delete(_root);

    [Fact]
    public async Task AClosedSegmentIsReadableWithZcat()
    {
        var store = (LocalFolderStore)NewStore();
        var lines = "{\"container_id\":\"b\"}\n{\"container_id\":\"a\"}\n"u8.ToArray();
        var (content, _) = ContainerChunk.Build(JsonlReader.CompleteLines(lines).Select((l, i) => new ChunkLine(i == 0 ? "b" : "a", null, null, DateTimeOffset.UnixEpoch, l)));
        await store.WriteAsync("metrics_2025-01-16.000.jsonl.gz", content, TestContext.Current.CancellationToken);

        var zcat = await ProcessRunner.RunAsync("zcat", [Path.Combine(store.Location, "metrics_2025-01-16.000.jsonl.gz")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, zcat.ExitCode);
        Assert.Equal("{\"container_id\":\"a\"}\n{\"container_id\":\"b\"}\n", zcat.StandardOutput);
    }
}

public sealed class AzuriteBlobStoreTests(AzuriteFixture azurite) : BlobStoreContract, IClassFixture<AzuriteFixture>
{
    protected override IBlobStore NewStore()
    {
        azurite.Require();
        return new AzureBlobStore(BlobConnection.Connect(new BlobStorageOptions
        {
            Endpoint = azurite.BlobEndpoint,
            AccountName = AzuriteFixture.AccountName,
            AccountKey = AzuriteFixture.AccountKey,
            Container = azurite.NewContainerName("store"),
        }));
    }

    [Fact]
    public async Task AnAppendLargerThanABlockIsSplitOnLineBoundaries()
    {
        var store = NewStore();
        var line = new string('x', 1000);
        var lines = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"\"{line}\"\n", 5000)));
        Debug.Assert(lines.Length > AzureBlobStore.MaxAppendBlockBytes);

        await store.AppendAsync("big.jsonl", lines, TestContext.Current.CancellationToken);

        Assert.Equal(lines, await store.ReadAsync("big.jsonl", cancellationToken: TestContext.Current.CancellationToken));
    }
}
