using System.Net;
using System.Text;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Testing;

namespace WakeDock.Integration.Tests;

public sealed class AzuriteSmokeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task AnAppendBlobIsWrittenReadListedAndDeletedWithSharedKey()
    {
        azurite.Require();
        using var http = new HttpClient();
        var client = new BlobRestClient(http, azurite.BlobEndpoint!, new SharedKeySigner(AzuriteFixture.AccountName, AzuriteFixture.AccountKey));
        var container = azurite.NewContainerName("smoke");
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await client.CreateContainerAsync(container, ct));
        Assert.False(await client.CreateContainerAsync(container, ct));
        Assert.True(await client.CreateAppendBlobAsync(container, "metrics_2025-01-16.jsonl", ct));
        Assert.False(await client.CreateAppendBlobAsync(container, "metrics_2025-01-16.jsonl", ct));
        var first = Encoding.UTF8.GetBytes("{\"container_id\":\"abc123\"}\n");
        var second = Encoding.UTF8.GetBytes("{\"container_id\":\"def456\"}\n");
        Assert.Equal(0, await client.AppendBlockAsync(container, "metrics_2025-01-16.jsonl", first, cancellationToken: ct));
        Assert.Equal(first.Length, await client.AppendBlockAsync(container, "metrics_2025-01-16.jsonl", second, expectedOffset: first.Length, cancellationToken: ct));

        var stale = await Assert.ThrowsAsync<BlobRequestException>(() => client.AppendBlockAsync(container, "metrics_2025-01-16.jsonl", second, expectedOffset: 0, cancellationToken: ct));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);

        Assert.Equal(first.Concat(second), await client.DownloadAsync(container, "metrics_2025-01-16.jsonl", cancellationToken: ct));
        Assert.Equal(second, await client.DownloadAsync(container, "metrics_2025-01-16.jsonl", offset: first.Length, length: second.Length, cancellationToken: ct));
        var listed = await client.ListAsync(container, "metrics_", ct).ToListAsync(ct);
        Assert.Equal(("metrics_2025-01-16.jsonl", (long)(first.Length + second.Length)), (Assert.Single(listed).Name, listed[0].Length));

        Assert.True(await client.DeleteAsync(container, "metrics_2025-01-16.jsonl", ct));
        Assert.False(await client.DeleteAsync(container, "metrics_2025-01-16.jsonl", ct));
    }

    [Fact]
    public async Task AWrongAccountKeyIsRefused()
    {
        azurite.Require();
        using var http = new HttpClient();
        var client = new BlobRestClient(http, azurite.BlobEndpoint!, new SharedKeySigner(AzuriteFixture.AccountName, Convert.ToBase64String(new byte[64])));

        var refused = await Assert.ThrowsAsync<BlobRequestException>(() => client.CreateContainerAsync(azurite.NewContainerName("badkey"), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }
}
