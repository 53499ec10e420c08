using System.Net.Sockets;
using Xunit;

namespace WakeDock.Testing;

/// <summary>
/// The Azurite blob and queue services started by <c>scripts/test.sh</c> (<c>WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT</c>,
/// <c>WAKEDOCK_TEST_AZURITE_QUEUE_ENDPOINT</c>), with the development account and key Microsoft publishes for it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, from Microsoft's Azurite documentation).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private int _counter;

    public Uri? BlobEndpoint { get; } = IntegrationPart.Setting("WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT") is { } endpoint ? new Uri(endpoint) : null;

    public Uri? QueueEndpoint { get; } = IntegrationPart.Setting("WAKEDOCK_TEST_AZURITE_QUEUE_ENDPOINT") is { } endpoint ? new Uri(endpoint) : null;

    public string? Problem { get; private set; }

    public string? QueueProblem { get; private set; }

    /// <summary>A storage connection string (as AzureWebJobsStorage takes it) naming both services.</summary>
    public string ConnectionString
        => $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};";

    public async ValueTask InitializeAsync()
    {
        Problem = await ProbeAsync(BlobEndpoint, "WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT");
        QueueProblem = await ProbeAsync(QueueEndpoint, "WAKEDOCK_TEST_AZURITE_QUEUE_ENDPOINT");
    }

    public void Require() => IntegrationPart.Require("Azurite", Problem);

    public void RequireQueues() => IntegrationPart.Require("Azurite's queue service", QueueProblem);

    /// <summary>A fresh queue name, unique to this run, valid for the Queue service.</summary>
    public string NewQueueName(string purpose = "q") => NewContainerName(purpose);

    private static async Task<string?> ProbeAsync(Uri? endpoint, string setting)
    {
        if (endpoint is null)
        {
            return $"{setting} is not set";
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port).WaitAsync(TimeSpan.FromSeconds(5));
            return null;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return $"nothing listens at {endpoint} ({e.Message})";
        }
    }

    /// <summary>A fresh container name, unique to this run, valid for the Blob service.</summary>
    public string NewContainerName(string purpose = "t")
        => $"{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}-{_runId}-{Interlocked.Increment(ref _counter)}";

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
