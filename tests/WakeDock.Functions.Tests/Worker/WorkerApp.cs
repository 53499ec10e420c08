using WakeDock.Contracts;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing.FunctionsHost;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Worker;

/// <summary>
/// The built Functions app under the test Functions host, configured as a Function App would be: AzureWebJobsStorage,
/// the queue and schedule app settings, an API key (hashed), and storage in an Azurite blob container (or a local folder).
/// </summary>
internal sealed class WorkerApp : IAsyncDisposable
{
    public const string AdminKey = "wd-worker-admin-4b1d9e2c7a5f3e8d";

    private readonly string? _folder;

    private WorkerApp(FunctionsTestHost host, IBlobStore store, string queueName, string? folder)
    {
        Host = host;
        Store = store;
        QueueName = queueName;
        _folder = folder;
    }

    public FunctionsTestHost Host { get; }

    /// <summary>The storage the worker writes into, read as the pipeline reads it.</summary>
    public IBlobStore Store { get; }

    public string QueueName { get; }

    /// <summary>The app on blob storage in a fresh Azurite container, its queues in Azurite's queue service.</summary>
    public static async Task<WorkerApp> OnAzuriteAsync(AzuriteFixture azurite)
    {
        var container = azurite.NewContainerName("worker");
        var queue = azurite.NewQueueName("samples");
        var settings = Settings(azurite.ConnectionString, queue);
        settings["WakeDock__Storage__Kind"] = "Blob";
        settings["WakeDock__Storage__Blob__Endpoint"] = azurite.BlobEndpoint!.ToString();
        settings["WakeDock__Storage__Blob__AccountName"] = AzuriteFixture.AccountName;
        settings["WakeDock__Storage__Blob__AccountKey"] = AzuriteFixture.AccountKey;
        settings["WakeDock__Storage__Blob__Container"] = container;
        var store = new AzureBlobStore(BlobConnection.Connect(new BlobStorageOptions
        {
            Endpoint = azurite.BlobEndpoint,
            AccountName = AzuriteFixture.AccountName,
            AccountKey = AzuriteFixture.AccountKey,
            Container = container,
        }));
        try
        {
            return new WorkerApp(await StartHostAsync(settings), store, queue, null);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The app on a local folder; its queue settings point at storage nobody listens to.</summary>
    public static async Task<WorkerApp> OnLocalFolderAsync()
    {
        var folder = TempFolder.Create("worker");
        var settings = Settings("UseDevelopmentStorage=true", "wakedock-samples");
        settings["WAKEDOCK_METRICS_STORAGE_PATH"] = folder;
        try
        {
            return new WorkerApp(await StartHostAsync(settings), new Pipeline.Storage.Local.LocalFolderStore(folder), "wakedock-samples", folder);
        }
        catch
        {
            TempFolder.Delete(folder);
            throw;
        }
    }

    public HttpRequestMessage AdminRequest(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ApiKeyDefaults.HeaderName, AdminKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static Dictionary<string, string> Settings(string storageConnection, string queue) => new()
    {
        ["AzureWebJobsStorage"] = storageConnection,
        [PipelineNames.SamplesQueueSetting] = queue,
        [PipelineNames.NotificationsQueueSetting] = queue + "-notifications",
        [TriggerTable.AlertSweepSchedule] = "*/15 * * * * *",
        [TriggerTable.CompactionSchedule] = "0 * * * * *",
        [TriggerTable.RollupSchedule] = "0 */5 * * * *",
        [TriggerTable.RetentionSchedule] = "0 30 3 * * *",
        ["WakeDock__Security__ApiKeys__0__Name"] = "worker-tests",
        ["WakeDock__Security__ApiKeys__0__Role"] = "Admin",
        ["WakeDock__Security__ApiKeys__0__Hash"] = KeyHash.Of(AdminKey),
    };

    private static Task<FunctionsTestHost> StartHostAsync(Dictionary<string, string> settings)
        => FunctionsTestHost.StartAsync(new FunctionsTestHostOptions
        {
            AppDirectory = WorkerBuild.Require(),
            AppSettings = settings,
            Output = line => TestContext.Current.TestOutputHelper?.WriteLine(line),
        }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Store is IAsyncDisposable asynchronous)
        {
            await asynchronous.DisposeAsync();
        }

        (Store as IDisposable)?.Dispose();
        if (_folder is not null)
        {
            await TempFolder.DeleteAsync(_folder);
        }
    }
}
