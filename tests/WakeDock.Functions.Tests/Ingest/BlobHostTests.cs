using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Ingest;

/// <summary>The whole host on Azure Blob Storage (Azurite): ingest, restart, redelivery, compaction, queries.</summary>
public sealed class BlobHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheHostIngestsCompactsAndQueriesOnAppendBlobsAcrossARestart()
    {
        azurite.Require();
        var settings = new Dictionary<string, string?>
        {
            ["WakeDock:Storage:Kind"] = "Blob",
            ["WakeDock:Storage:Blob:Endpoint"] = azurite.BlobEndpoint!.ToString(),
            ["WakeDock:Storage:Blob:AccountName"] = AzuriteFixture.AccountName,
            ["WakeDock:Storage:Blob:AccountKey"] = AzuriteFixture.AccountKey,
            ["WakeDock:Storage:Blob:Container"] = azurite.NewContainerName("host"),
        };
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var batch = Samples.NumberedBatch(1, 4, at);

        await using (var first = FunctionsApplication.Create(settings: settings))
        {
            Assert.Equal(IngestOutcome.Stored(4), await first.Service<IBatchIngest>().IngestAsync(batch, IngestOrigin.Dapr, Ct));
            Assert.Equal(IngestStatus.Success, (await first.Service<IBatchIngest>().IngestAsync(Samples.Batch("hot", [Samples.Of("c000", at, cpu: 99, sequence: 10)]), IngestOrigin.Dapr, Ct)).Status);
            Assert.Contains("blob container", first.Service<IBlobStore>().Location, StringComparison.Ordinal);
        }

        await using var second = FunctionsApplication.Create(settings: settings);
        Assert.True((await second.Service<IBatchIngest>().IngestAsync(batch, IngestOrigin.Dapr, Ct)).Duplicate);
        Assert.Equal("ran", (await second.Service<TimerRunner>().RunAsync(TriggerTable.Compaction, "test", Ct, waitIfRunning: true)).Status);

        var store = second.Service<IBlobStore>();
        var blobs = await store.ListAsync("metrics_", Ct).Select(b => b.Name).ToListAsync(Ct);
        Assert.Contains(blobs, b => b.EndsWith(".jsonl.gz", StringComparison.Ordinal));
        var stored = await second.Service<RawSamples>().ReadStoredAsync(SampleFilter.All, at.AddMinutes(-1), at.AddMinutes(1), Ct);
        Assert.Equal(5, stored.Count);
        var alerts = await second.Service<AlertQueries>().QueryAsync(new AlertQuery { Level = AlertLevel.Critical, From = at.AddMinutes(-1), To = at.AddMinutes(1) }, Ct);
        Assert.Equal("c000", Assert.Single(alerts).ContainerId);
        Assert.Equal(5, (await second.Service<SampleQueries>().QueryAsync(new SampleQuery { From = at.AddMinutes(-1), To = at.AddMinutes(1) }, Ct)).Samples.Count);
    }
}
