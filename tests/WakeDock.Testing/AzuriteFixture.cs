using System.Net.Sockets;
using Xunit;

namespace WakeDock.Testing;

/// <summary>
/// The Azurite blob service started by <c>scripts/test.sh</c> (<c>WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT</c>),
/// with the development account and key Microsoft publishes for it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, from Microsoft's Azurite documentation).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private int _counter;

    public Uri? BlobEndpoint { get; } = IntegrationPart.Setting("WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT") is { } endpoint ? new Uri(endpoint) : null;

    public string? Problem { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (BlobEndpoint is null)
        {
            Problem = "WAKEDOCK_TEST_AZURITE_BLOB_ENDPOINT is not set";
            return;
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(BlobEndpoint.Host, BlobEndpoint.Port).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            Problem = $"nothing listens at {BlobEndpoint} ({e.Message})";
        }
    }

    public void Require() => IntegrationPart.Require("Azurite", Problem);

    /// <summary>A fresh container name, unique to this run, valid for the Blob service.</summary>
    public string NewContainerName(string purpose = "t")
        => $"{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}-{_runId}-{Interlocked.Increment(ref _counter)}";

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
