using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>A real container prints secrets; the logs API hands them back masked unless masking is turned off.</summary>
public sealed class ContainerLogMaskingTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Secrets = ["hunter2-db-pass", "ghp_R3alT0kenValue", "eyJhbGciOi.body.sig", "json-pw-9f8e", "sk-api-77aa"];

    private const string Script =
        "echo 'starting with DB_PASSWORD=hunter2-db-pass'; " +
        "echo 'GITHUB_TOKEN=ghp_R3alT0kenValue'; " +
        "echo 'sent Authorization: Bearer eyJhbGciOi.body.sig' >&2; " +
        "echo '{\"user\":\"ann\",\"password\":\"json-pw-9f8e\"}'; " +
        "echo 'x-api-key: sk-api-77aa'; " +
        "echo 'ready on port 8080'; exec sleep 3600";

    private async Task<(TestContainer Container, JsonNode Logs)> ReadLogsAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        docker.Require();
        var container = await docker.StartAsync("api-secrets", ["sh", "-c", Script]);
        await using var app = ApiApplication.Create(settings, embeddedDockerHost: docker.DockerHost);
        using var client = app.Client();
        await Eventually.TrueAsync(async () => (await docker.DockerAsync("logs", container.Id)).Contains("ready on port", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the container's output");
        return (container, JsonNode.Parse(await client.GetStringAsync($"/api/containers/{container.Id}/logs?timestamps=false", Ct))!);
    }

    private static string[] Texts(JsonNode logs) => logs["lines"]!.AsArray().Select(l => l!["text"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task SecretsAContainerPrintsComeBackMaskedByDefault()
    {
        var (container, logs) = await ReadLogsAsync();
        var texts = Texts(logs);
        var raw = await docker.DockerAsync("logs", container.Id);

        Assert.Contains("DB_PASSWORD=hunter2-db-pass", raw, StringComparison.Ordinal);
        Assert.All(Secrets, secret => Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal)));
        Assert.Contains("starting with DB_PASSWORD=***", texts);
        Assert.Contains("GITHUB_TOKEN=***", texts);
        Assert.Contains("sent Authorization: Bearer ***", texts);
        Assert.Contains("{\"user\":\"ann\",\"password\":\"***\"}", texts);
        Assert.Contains("x-api-key: ***", texts);
        Assert.Contains("ready on port 8080", texts);
    }

    [Fact]
    public async Task TurnedOffTheLinesAreAsTheContainerWroteThem()
    {
        var (_, logs) = await ReadLogsAsync(new Dictionary<string, string?> { ["WakeDock:Api:MaskContainerLogSecrets"] = "false" });
        var texts = Texts(logs);

        Assert.Contains("starting with DB_PASSWORD=hunter2-db-pass", texts);
        Assert.Contains("sent Authorization: Bearer eyJhbGciOi.body.sig", texts);
        Assert.Contains("x-api-key: sk-api-77aa", texts);
    }
}
