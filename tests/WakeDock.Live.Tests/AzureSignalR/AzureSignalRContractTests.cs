using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Live.Azure;
using WakeDock.Live.Tests.Support;
using WakeDock.Testing;
using Samples = WakeDock.Live.Tests.Support.Samples;

namespace WakeDock.Live.Tests.AzureSignalR;

/// <summary>The hand-made Azure SignalR Service client against a fake built from the data-plane REST reference.</summary>
public sealed class AzureSignalRContractTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg=";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AzureSignalRRestClient Client(string connectionString, HttpClient http, string hub = "live")
        => new(http, Microsoft.Extensions.Options.Options.Create(new AzureSignalROptions { ConnectionString = connectionString, HubName = hub }), TimeProvider.System);

    [Fact]
    public void ATokenIsTheJwtAnyHs256LibraryMakesForTheSameClaims()
    {
        // Made with Python's hmac/base64 from the same header, claims and key: an independent implementation.
        const string expected = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2RlbW8uc2VydmljZS5zaWduYWxyLm5ldC9hcGkvaHVicy9saXZlLzpzZW5kIiwiZXhwIjoxODkzNDU2MDAwfQ.qmh6jA1RWnS7CX7paKYxe9uB5uxTzIk-Kyle4MIr0xQ";

        var token = ServiceAccessToken.Create("https://demo.service.signalr.net/api/hubs/live/:send", DateTimeOffset.FromUnixTimeSeconds(1893456000), Key);

        Assert.Equal(expected, token);
    }

    [Theory]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=abc;Version=1.0;", "https://demo.service.signalr.net", "abc")]
    [InlineData("endpoint=https://demo.service.signalr.net/;accesskey=a=b=;version=1.0", "https://demo.service.signalr.net", "a=b=")]
    [InlineData("Endpoint=http://localhost;Port=8888;AccessKey=k;Version=1.0;", "http://localhost:8888", "k")]
    public void AConnectionStringGivesTheEndpointAndKey(string connectionString, string endpoint, string key)
    {
        var parsed = AzureSignalRConnectionString.Parse(connectionString);

        Assert.Equal(endpoint, parsed.Base);
        Assert.Equal(key, parsed.AccessKey);
    }

    [Theory]
    [InlineData("AccessKey=abc;Version=1.0;")]
    [InlineData("Endpoint=demo.service.signalr.net;AccessKey=abc;Version=1.0;")]
    [InlineData("Endpoint=https://demo.service.signalr.net;Version=1.0;")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=abc;Version=2.0;")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=abc;Port=99999;")]
    public void ABrokenConnectionStringIsRefusedSayingWhatIsMissing(string connectionString)
        => Assert.Contains("Azure:SignalR:ConnectionString", Assert.Throws<FormatException>(() => AzureSignalRConnectionString.Parse(connectionString)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task ABroadcastIsAcceptedByTheServiceWithTheTargetAndTheArgumentAsItIs()
    {
        await using var service = new AzureSignalRServiceFake(Key);
        using var http = new HttpClient();
        var client = Client(service.ConnectionString, http, hub: "Live");

        await client.SendToAllAsync("metrics_batch", Encoding.UTF8.GetBytes("""{"type":"metrics_batch","data":[{"container_id":"abc","cpu_percent":12.5}]}"""), Ct);
        await client.SendToGroupAsync("critical", "alert", Encoding.UTF8.GetBytes("""{"type":"alert","data":{"level":"critical"}}"""), Ct);

        Assert.Empty(service.Refusals);
        var all = service.Accepted.ToArray();
        Assert.Equal(("live", null, "metrics_batch"), (all[0].Hub, all[0].Group, all[0].Target));
        Assert.Equal(12.5, (double)all[0].Arguments[0]!["data"]![0]!["cpu_percent"]!);
        Assert.Equal(("live", "critical", "alert"), (all[1].Hub, all[1].Group, all[1].Target));
    }

    [Fact]
    public async Task TheServiceRefusingATokenIsAnErrorThatSaysSo()
    {
        await using var service = new AzureSignalRServiceFake(Key);
        using var http = new HttpClient();
        var client = Client($"Endpoint={service.Endpoint};AccessKey=not-the-key;Version=1.0;", http);

        var error = await Assert.ThrowsAsync<AzureSignalRException>(() => client.SendToAllAsync("alert", "{}"u8.ToArray(), Ct));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
        Assert.Empty(service.Accepted);
    }

    [Fact]
    public async Task AMessageOverTheServicesLimitIsNotSent()
    {
        await using var service = new AzureSignalRServiceFake(Key);
        using var http = new HttpClient();
        var client = Client(service.ConnectionString, http);
        var huge = Encoding.UTF8.GetBytes($"\"{new string('x', 1024 * 1024)}\"");

        var error = await Assert.ThrowsAsync<AzureSignalRException>(() => client.SendToAllAsync("metrics_batch", huge, Ct));

        Assert.Contains("1 MB", error.Message, StringComparison.Ordinal);
        Assert.Empty(service.Accepted);
        Assert.Empty(service.Refusals);
    }

    [Fact]
    public async Task NegotiateSendsTheBrowserToTheServiceWithATokenForItsClientUrl()
    {
        await using var service = new AzureSignalRServiceFake(Key);
        await using var host = LiveHost.Create(new Dictionary<string, string?> { ["Azure:SignalR:ConnectionString"] = service.ConnectionString });
        using var http = host.CreateClient();

        using var negotiate = await http.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null, Ct);
        var redirect = await negotiate.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var live = await http.GetFromJsonAsync<JsonObject>("/api/v1/monitoring/live", Ct);

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        var url = (string)redirect!["url"]!;
        Assert.Equal($"{service.Endpoint}/client/?hub=live", url);
        Assert.Null(AzureSignalRServiceFake.TokenProblem($"Bearer {(string)redirect["accessToken"]!}", url, Key));
        Assert.Equal("azure-signalr", (string?)live!["fanout"]);
        Assert.False((bool)live["server_filters"]!);
    }

    [Fact]
    public async Task AcceptedSamplesAndAlertsFanOutThroughTheService()
    {
        await using var service = new AzureSignalRServiceFake(Key);
        await using var host = LiveHost.Create(new Dictionary<string, string?> { ["Azure:SignalR:ConnectionString"] = service.ConnectionString });
        var a = Samples.Hex('a');

        await host.IngestAsync(Samples.Of(a, "hot", 97), Samples.Of(Samples.Hex('b'), "cool", 3));
        await Eventually.TrueAsync(() => service.Accepted.Count >= 2, "two messages accepted by the service", seconds: 15);

        Assert.Empty(service.Refusals);
        var batch = Assert.Single(service.Accepted, m => m.Target == "metrics_batch");
        Assert.Equal(["hot", "cool"], batch.Arguments[0]!["data"]!.AsArray().Select(s => (string?)s!["container_name"]));
        var alert = Assert.Single(service.Accepted, m => m.Target == "alert");
        Assert.Equal(("critical", a), ((string?)alert.Arguments[0]!["data"]!["level"], (string?)alert.Arguments[0]!["data"]!["container_id"]));
    }

    [Fact]
    public async Task WithoutAConnectionStringTheHubIsInProcess()
    {
        await using var host = LiveHost.Create();
        using var http = host.CreateClient();

        using var negotiate = await http.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null, Ct);
        var answer = await negotiate.Content.ReadFromJsonAsync<JsonObject>(Ct);
        var live = await http.GetFromJsonAsync<JsonObject>("/api/v1/monitoring/live", Ct);

        Assert.NotNull(answer!["connectionToken"]);
        Assert.Contains("WebSockets", answer["availableTransports"]!.AsArray().Select(t => (string?)t!["transport"]));
        Assert.Equal("in-process", (string?)live!["fanout"]);
        Assert.Equal("/hubs/live", (string?)live["hub"]);
    }
}
