using System.Text;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Testing;

namespace WakeDock.Integration.Tests;

public sealed class AzuriteSmokeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task AnAppendBlobIsWrittenReadListedAndDeletedWithSharedKey()
    {
        azurite.Require();
        using var store = new AzureBlobStore(BlobConnection.Connect(new BlobStorageOptions
        {
            Endpoint = azurite.BlobEndpoint,
            AccountName = AzuriteFixture.AccountName,
            AccountKey = AzuriteFixture.AccountKey,
            Container = azurite.NewContainerName("smoke"),
        }));
        var ct = TestContext.Current.CancellationToken;
        var first = Encoding.UTF8.GetBytes("{\"container_id\":\"abc123\"}\n");
        var second = Encoding.UTF8.GetBytes("{\"container_id\":\"def456\"}\n");

        Assert.Equal(0, await store.AppendAsync("metrics_2025-01-16.jsonl", first, ct));
        Assert.Equal(first.Length, await store.AppendAsync("metrics_2025-01-16.jsonl", second, ct));

        Assert.Equal(first.Concat(second), await store.ReadAsync("metrics_2025-01-16.jsonl", cancellationToken: ct));
        Assert.Equal(second, await store.ReadAsync("metrics_2025-01-16.jsonl", offset: first.Length, length: second.Length, cancellationToken: ct));
        Assert.Empty((await store.ReadAsync("metrics_2025-01-16.jsonl", offset: first.Length + second.Length, cancellationToken: ct))!);
        var listed = await store.ListAsync("metrics_", ct).ToListAsync(ct);
        Assert.Equal(("metrics_2025-01-16.jsonl", (long)(first.Length + second.Length)), (Assert.Single(listed).Name, listed[0].Length));

        Assert.True(await store.DeleteAsync("metrics_2025-01-16.jsonl", ct));
        Assert.False(await store.DeleteAsync("metrics_2025-01-16.jsonl", ct));
    }

    [Fact]
    public async Task AWrongAccountKeyIsRefused()
    {
        azurite.Require();
        using var store = new AzureBlobStore(BlobConnection.Connect(new BlobStorageOptions
        {
            Endpoint = azurite.BlobEndpoint,
            AccountName = AzuriteFixture.AccountName,
            AccountKey = Convert.ToBase64String(new byte[64]),
            Container = azurite.NewContainerName("badkey"),
        }));

        var refused = await Assert.ThrowsAsync<BlobServiceException>(() => store.WriteAsync("health-probe.json", "{}"u8.ToArray(), TestContext.Current.CancellationToken));

        Assert.Equal(403, refused.Status);
    }
}
