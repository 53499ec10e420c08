using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Microsoft.Extensions.Configuration;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Pipeline.Storage;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Storage;

/// <summary>Each way of signing in to Blob Storage: a connection string and a SAS URL on Azurite, DefaultAzureCredential without any credential here.</summary>
public sealed class BlobAuthenticationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheHostStoresIntoAzureWebJobsStoragesAccountThroughItsConnectionString()
    {
        azurite.Require();
        var container = azurite.NewContainerName("connection");
        await using var host = FunctionsApplication.Create(settings: new Dictionary<string, string?>
        {
            ["WakeDock:Storage:Kind"] = "Blob",
            ["WakeDock:Storage:Blob:Container"] = container,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        });
        var store = Assert.IsType<AzureBlobStore>(host.Service<IBlobStore>());

        await RoundTripAsync(store);

        Assert.Equal(new Uri($"{azurite.BlobEndpoint}/{container}"), store.ContainerUri);
    }

    [Fact]
    public async Task AContainerSasUrlReadsAndWritesWithoutTheAccountKey()
    {
        azurite.Require();
        var container = azurite.NewContainerName("sas");
        var owner = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container);
        await owner.CreateAsync(cancellationToken: Ct);
        var sas = owner.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Add | BlobContainerSasPermissions.Create
            | BlobContainerSasPermissions.Write | BlobContainerSasPermissions.Delete | BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1));
        var options = new BlobStorageOptions { SasUrl = sas, Container = "ignored-for-a-container-url" };
        Assert.Empty(BlobConnection.Problems(options));
        Assert.Equal(BlobAuthentication.SharedAccessSignature, BlobConnection.AuthenticationOf(options));
        using var store = new AzureBlobStore(BlobConnection.Connect(options));

        await RoundTripAsync(store);

        Assert.Equal($"blob container {container}", store.Location);
        Assert.DoesNotContain("sig=", store.ContainerUri.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReadOnlySasIsRefusedAnAppendAsAStorageFailure()
    {
        azurite.Require();
        var owner = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(azurite.NewContainerName("sasread"));
        await owner.CreateAsync(cancellationToken: Ct);
        using var store = new AzureBlobStore(BlobConnection.Connect(new BlobStorageOptions
        {
            SasUrl = owner.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1)),
        }));

        var refused = await Assert.ThrowsAsync<BlobServiceException>(() => store.AppendAsync("metrics_2025-01-16.jsonl", "{}\n"u8.ToArray(), Ct));

        Assert.Equal(403, refused.Status);
        Assert.IsAssignableFrom<IOException>(refused);
        Assert.Contains("metrics_2025-01-16.jsonl", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultAzureCredentialPointsAtTheEndpointAndSaysWhatIsMissingWithoutAnIdentity()
    {
        var options = new BlobStorageOptions { Endpoint = new Uri("https://127.0.0.1:1/devstoreaccount1"), Container = "wakedock", MaxRetries = 0 };
        Assert.Empty(BlobConnection.Problems(options));
        Assert.Equal(BlobAuthentication.DefaultAzureCredential, BlobConnection.AuthenticationOf(options));
        using var store = new AzureBlobStore(BlobConnection.Connect(options));
        Assert.Equal(new Uri("https://127.0.0.1:1/devstoreaccount1/wakedock"), store.ContainerUri);

        var refused = await Assert.ThrowsAsync<BlobServiceException>(() => store.WriteAsync("health-probe.json", "{}"u8.ToArray(), Ct));

        Assert.Contains("DefaultAzureCredential", refused.Message, StringComparison.Ordinal);
        Assert.Contains("WakeDock:Storage:Blob:AccountKey", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseDevelopmentStorageNamesAzuritesDefaultEndpoint()
    {
        var options = new BlobStorageOptions();
        BlobConnection.UseHostStorage(options, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }).Build());

        Assert.Equal(BlobAuthentication.ConnectionString, BlobConnection.AuthenticationOf(options));
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1/wakedock"), BlobConnection.Connect(options).Uri);
    }

    [Fact]
    public void AnIdentityBasedAzureWebJobsStorageSignsInWithDefaultAzureCredential()
    {
        var options = new BlobStorageOptions();
        BlobConnection.UseHostStorage(options, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        }).Build());

        Assert.Equal(BlobAuthentication.DefaultAzureCredential, BlobConnection.AuthenticationOf(options));
        Assert.Equal(("00000000-0000-0000-0000-000000000001", new Uri("https://acct.blob.core.windows.net/wakedock")), (options.ManagedIdentityClientId, BlobConnection.Connect(options).Uri));
    }

    [Theory]
    [InlineData(null, null, null, null, "WakeDock:Storage:Blob:Endpoint")]
    [InlineData("UseDevelopmentStorage=true", null, "https://acct.blob.core.windows.net", null, "only one of")]
    [InlineData("AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;Bogus", null, null, null, "is not a storage connection string")]
    [InlineData(null, "https://acct.blob.core.windows.net/wakedock?sv=2024-08-04", null, null, "SasUrl must be")]
    [InlineData(null, null, "http://acct.example:10000/devstoreaccount1", null, "must be an https URL")]
    [InlineData(null, null, "https://acct.blob.core.windows.net", "not base64!", "base64 AccountKey")]
    public void SettingsThatCannotSignInAreNamed(string? connectionString, string? sasUrl, string? endpoint, string? key, string named)
    {
        var options = new BlobStorageOptions
        {
            ConnectionString = connectionString,
            SasUrl = sasUrl is null ? null : new Uri(sasUrl),
            Endpoint = endpoint is null ? null : new Uri(endpoint),
            AccountName = key is null ? "" : "acct",
            AccountKey = key ?? "",
        };

        var problems = string.Join(' ', BlobConnection.Problems(options));

        Assert.Contains(named, problems, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleQ==", problems, StringComparison.Ordinal);
    }

    private static async Task RoundTripAsync(AzureBlobStore store)
    {
        var first = Encoding.UTF8.GetBytes("{\"container_id\":\"abc123\"}\n");
        var second = Encoding.UTF8.GetBytes("{\"container_id\":\"def456\"}\n");
        Assert.Equal(0, await store.AppendAsync("metrics_2025-01-16.jsonl", first, Ct));
        Assert.Equal(first.Length, await store.AppendAsync("metrics_2025-01-16.jsonl", second, Ct));

        Assert.Equal(first.Concat(second), await store.ReadAsync("metrics_2025-01-16.jsonl", cancellationToken: Ct));
        Assert.Equal(second, await store.ReadAsync("metrics_2025-01-16.jsonl", first.Length, second.Length, Ct));
        var listed = await store.ListAsync("metrics_", Ct).ToListAsync(Ct);
        Assert.Equal(("metrics_2025-01-16.jsonl", (long)(first.Length + second.Length)), (Assert.Single(listed).Name, listed[0].Length));
        Assert.True(await store.DeleteAsync("metrics_2025-01-16.jsonl", Ct));
        Assert.False(await store.DeleteAsync("metrics_2025-01-16.jsonl", Ct));
        Assert.Null(await store.ReadAsync("metrics_2025-01-16.jsonl", cancellationToken: Ct));
    }
}
