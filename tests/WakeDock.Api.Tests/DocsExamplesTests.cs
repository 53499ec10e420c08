using System.Text;
using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Logs;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>
/// docs/api.md, run: every <c>```bash</c> block is executed with bash against a real host (Kestrel on loopback, with API
/// keys, a Dapr sidecar and an agent behind it) holding the spec's example containers; each must exit 0, and a
/// <c>```json</c> block right after it is the shape its output must have (the same fields, recursively).
/// <c>```sh</c> blocks are shown, not run.
/// </summary>
public sealed class DocsExamplesTests
{
    private const string SidecarToken = "docs-sidecar-token";
    private const string AppToken = "docs-app-token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryCurlExampleOfTheApiReferenceRunsAndAnswersAsDocumented()
    {
        var blocks = Blocks(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Docs", "api.md")));
        Assert.True(blocks.Count(b => b.Language == "bash") >= 20, "docs/api.md should show at least 20 runnable examples");

        await using var sidecar = new DaprSidecarFake(SidecarToken, AppToken);
        await sidecar.StartAsync();
        using var agent = new CannedAgent("host-1", AppToken);
        var now = DateTimeOffset.UtcNow;
        agent.Logs["abc123"] =
        [
            new ContainerLogLine("stdout", now.AddSeconds(-30), "192.168.1.20 - - \"GET / HTTP/1.1\" 200 615"),
            new ContainerLogLine("stderr", now.AddSeconds(-20), "upstream timed out (110: Connection timed out)"),
            new ContainerLogLine("stdout", now.AddSeconds(-10), "192.168.1.20 - - \"GET /health HTTP/1.1\" 200 2"),
        ];
        sidecar.Register(PipelineNames.AgentAppIdPrefix + "host-1", agent.Client());
        var port = FreePort.Next();
        await using var app = ApiApplication.Create(Keys.Configured(new()
        {
            ["WakeDock:Dapr:SidecarHost"] = "127.0.0.1",
            ["WakeDock:Dapr:HttpPort"] = sidecar.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WakeDock:Dapr:GrpcPort"] = sidecar.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WakeDock:Dapr:ApiToken"] = SidecarToken,
        }), kestrelPort: port);
        app.StartServer();
        await SeedAsync(app, now);
        var work = Directory.CreateTempSubdirectory("wakedock-api-docs-").FullName;
        var dump = Environment.GetEnvironmentVariable("WAKEDOCK_DOCS_DUMP");
        try
        {
            for (var i = 0; i < blocks.Count; i++)
            {
                if (blocks[i].Language != "bash")
                {
                    continue;
                }

                // the agents keep delivering while the examples run, so that "active" and "is_running" stay true on a slow machine
                await DeliverNowAsync(app);
                var (code, output, errors) = await RunAsync(blocks[i].Text, work, port);
                if (dump is not null)
                {
                    await File.AppendAllTextAsync(dump, $"### line {blocks[i].Line}\n{blocks[i].Text}\n--- exit {code}\n{output}\n{errors}\n", Ct);
                }

                Assert.True(code == 0, $"docs/api.md line {blocks[i].Line}: exit {code}\n{blocks[i].Text}\n{output}\n{errors}");
                if (i + 1 < blocks.Count && blocks[i + 1] is { Language: "json", FollowsDirectly: true } answer)
                {
                    JsonNode? actual = null;
                    try
                    {
                        actual = JsonNode.Parse(output);
                    }
                    catch (System.Text.Json.JsonException e)
                    {
                        Assert.Fail($"docs/api.md line {blocks[i].Line}: the output is not JSON ({e.Message}):\n{output}");
                    }

                    SpecJson.AssertSameShape(JsonNode.Parse(answer.Text)!, actual);
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The spec's containers over the last hour, one sample every 5 s; web-server's CPU spiked to 95 % twenty minutes ago.</summary>
    private static async Task SeedAsync(WakeDockApplication app, DateTimeOffset now)
    {
        var start = now.AddHours(-1).AddSeconds(10);
        var web = new List<ContainerSample>();
        var db = new List<ContainerSample>();
        for (var t = start; t < now; t = t.AddSeconds(5))
        {
            var minutesAgo = (now - t).TotalMinutes;
            web.Add(Batches.SpecSample(t, cpu: minutesAgo is > 18 and < 21 ? 95.0 : 25.5));
            db.Add(Batches.SpecSample(t, cpu: 4.2, id: "def456", name: "db", service: "db") with { MemoryPercent = 61.3, MemoryUsage = 329252864 });
        }

        foreach (var chunk in web.Zip(db, (a, b) => new[] { a, b }).Chunk(60))
        {
            await app.IngestAsync([.. chunk.SelectMany(pair => pair)]);
        }
    }

    private static Task DeliverNowAsync(WakeDockApplication app)
    {
        var now = DateTimeOffset.UtcNow.AddMilliseconds(-100);
        return app.IngestAsync(Batches.SpecSample(now), Batches.SpecSample(now, cpu: 4.2, id: "def456", name: "db", service: "db") with { MemoryPercent = 61.3, MemoryUsage = 329252864 });
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(string script, string folder, int port)
    {
        var environment = new Dictionary<string, string>
        {
            ["WAKEDOCK"] = $"http://127.0.0.1:{port}",
            ["WAKEDOCK_KEY"] = Keys.Admin,
            ["WAKEDOCK_READER_KEY"] = Keys.Reader,
        };
        var result = await ProcessRunner.RunAsync("bash", ["-euo", "pipefail", "-c", script],
            timeout: TimeSpan.FromSeconds(30), environment: environment, workingDirectory: folder, cancellationToken: Ct);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }

    internal sealed record Block(string Language, string Text, int Line, bool FollowsDirectly);

    /// <summary>The fenced blocks, each knowing whether only blank lines separate it from the block before.</summary>
    internal static List<Block> Blocks(string[] lines)
    {
        var blocks = new List<Block>();
        var sinceLast = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Length == 3)
            {
                sinceLast += lines[i].Trim().Length > 0 ? 1 : 0;
                continue;
            }

            var language = lines[i][3..].Trim();
            var text = new StringBuilder();
            var first = i + 1;
            for (i++; i < lines.Length && lines[i] != "```"; i++)
            {
                text.AppendLine(lines[i]);
            }

            blocks.Add(new Block(language, text.ToString(), first, blocks.Count > 0 && sinceLast == 0));
            sinceLast = 0;
        }

        return blocks;
    }
}
