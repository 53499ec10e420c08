using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using WakeDock.Contracts;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.MultiHost;

/// <summary>
/// The ingest door seen from another machine: the functions host (a real child process with API keys) listens
/// on the root side of a veth whose other end is in a network namespace of the test's own. Without ingest
/// protection it refuses to start there; with the sidecar's token configured, a forged CloudEvent POSTed from
/// the namespace without it (or with a wrong one) answers 401 and its container never shows in the API, while
/// the same event with the token is stored.
/// </summary>
public sealed class IngestDoorTests : IDisposable
{
    private const string ApiKey = "ingest-door-reader-key";
    private const string SidecarToken = "ingest-door-sidecar-token";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _folder = TempFolder.Create("ingest-door");
    private readonly HttpClient _api = new() { Timeout = TimeSpan.FromSeconds(5), DefaultRequestHeaders = { { "X-Api-Key", ApiKey } } };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _api.Dispose();
        TempFolder.Delete(_folder);
    }

    [Fact]
    public async Task AForgedSampleFromAnotherNamespaceIsRefusedWithoutTheSidecarsTokenAndStoredWithIt()
    {
        IntegrationPart.Require("network namespaces", await TestNetwork.ProblemAsync());
        IntegrationPart.Require("curl", ProcessRunner.FindOnPath("curl") is null ? "the curl command is missing (Debian package curl)" : null);
        await using var network = await TestNetwork.CreateAsync(1, Ct);
        var other = network.Hosts.Single();

        using (var open = new FunctionsHost(Path.Combine(_folder, "open"), [other.RootAddress], agentKey: null, ApiKey))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => open.StartAsync(Ct));
            Assert.Contains($"refuses to listen on {other.RootAddress}:{open.Port} with its ingest open", open.Output, StringComparison.Ordinal);
            Assert.Contains("APP_API_TOKEN", open.Output, StringComparison.Ordinal);
            Assert.Contains("exited", refused.Message, StringComparison.Ordinal);
        }

        using var functions = new FunctionsHost(Path.Combine(_folder, "protected"), [other.RootAddress], agentKey: null, ApiKey,
            new Dictionary<string, string> { ["APP_API_TOKEN"] = SidecarToken });
        await functions.StartAsync(Ct);
        var ingest = functions.IngestUrlFor(other);

        var anonymous = await PostFromAsync(other, ingest, Forged("evil1", 1), token: null);
        var wrong = await PostFromAsync(other, ingest, Forged("evil2", 2), token: "not-" + SidecarToken);

        Assert.Equal((HttpStatusCode.Unauthorized, "dapr-api-token"), (anonymous.Status, (string?)JsonNode.Parse(anonymous.Body)?["field"]));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.DoesNotContain("evil", await ContainersAsync(functions), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(functions.Storage, "metrics_*.jsonl", SearchOption.AllDirectories));

        var sidecar = await PostFromAsync(other, ingest, Forged("evil3", 3), token: SidecarToken);

        Assert.Equal(HttpStatusCode.OK, sidecar.Status);
        Assert.Equal("SUCCESS", (string?)JsonNode.Parse(sidecar.Body)?["status"]);
        var listed = "";
        await Eventually.TrueAsync(async () => (listed = await ContainersAsync(functions)).Contains("\"evil3\"", StringComparison.Ordinal), Patience,
            () => $"the container of the accepted event in {listed}", Ct);
        Assert.DoesNotContain("\"evil1\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"evil2\"", listed, StringComparison.Ordinal);
    }

    private async Task<string> ContainersAsync(FunctionsHost functions)
        => await _api.GetStringAsync(new Uri(functions.Loopback, "/api/v1/monitoring/containers"), Ct);

    /// <summary>curl inside the namespace: the request comes from the namespace's own address, as from another machine.</summary>
    private async Task<(HttpStatusCode Status, string Body)> PostFromAsync(TestHost host, Uri url, string body, string? token)
    {
        var answer = Path.Combine(_folder, $"answer-{Guid.NewGuid():N}");
        string[] arguments =
        [
            .. host.Exec, "curl", "--silent", "--show-error", "--max-time", "10", "--output", answer, "--write-out", "%{http_code}",
            "--header", $"Content-Type: {CloudEventTypes.MediaType}", .. token is null ? Array.Empty<string>() : ["--header", $"dapr-api-token: {token}"],
            "--data-binary", "@-", url.ToString(),
        ];
        var result = await ProcessRunner.RunAsync(arguments[0], arguments[1..], standardInput: body, timeout: TimeSpan.FromSeconds(30), cancellationToken: Ct);
        Assert.True(result.ExitCode == 0, $"curl from {host.Namespace} failed: {result.Combined}");
        return ((HttpStatusCode)int.Parse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture), await File.ReadAllTextAsync(answer, Ct));
    }

    private static string Forged(string container, long sequence)
    {
        var at = DateTimeOffset.UtcNow;
        var sample = new ContainerSample
        {
            ContainerId = container,
            ContainerName = container,
            Host = "forged-host",
            Image = "busybox:latest",
            Timestamp = at,
            CpuPercent = 99.9,
            MemoryPercent = 99.9,
            MemoryUsage = 990_000_000,
            MemoryLimit = 1_000_000_000,
            Pids = 1,
            Sequence = sequence,
        };
        return JsonSerializer.Serialize(new CloudEvent<SampleBatch>
        {
            Id = $"forged-{container}",
            Source = CloudEventTypes.AgentSource("forged-host"),
            Type = CloudEventTypes.SampleBatch,
            Time = at,
            Data = new SampleBatch { Host = "forged-host", FirstSequence = sequence, LastSequence = sequence, IntervalSeconds = 5, Samples = [sample], Events = [] },
        }, WakeDockJson.Context.CloudEventSampleBatch);
    }
}
