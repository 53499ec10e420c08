using System.Text;
using WakeDock.Api.Tests.Support;
using WakeDock.Functions.Security;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>
/// docs/security.md, run: every <c>```bash</c> block is executed with bash against a real host (Kestrel on loopback) with an
/// admin, a reader and a scoped key and the audit file on; each must exit 0, and a <c>```text</c> block right after it is
/// its exact output.
/// </summary>
public sealed class SecurityDocsTests
{
    private const string ShopKey = "wd-docs-shop-9e1a3c5e7b2d4f6a";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryExampleOfTheSecurityPageRunsAndPrintsWhatItShows()
    {
        var blocks = DocsExamplesTests.Blocks(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Docs", "security.md")));
        Assert.True(blocks.Count(b => b.Language == "bash") >= 6, "docs/security.md should show at least 6 runnable examples");
        Assert.True(blocks.Count(b => b.Language == "text" && b.FollowsDirectly) >= 5, "docs/security.md should show the output of its examples");

        var port = FreePort.Next();
        await using var app = ApiApplication.Create(Keys.Configured(new()
        {
            ["WakeDock:Security:ApiKeys:2:Name"] = "team-shop",
            ["WakeDock:Security:ApiKeys:2:Role"] = "Reader",
            ["WakeDock:Security:ApiKeys:2:Hash"] = KeyHash.Of(ShopKey),
            ["WakeDock:Security:ApiKeys:2:Scope:Projects:0"] = "shop",
            ["WakeDock:Security:Audit:Enabled"] = "true",
        }), kestrelPort: port);
        app.StartServer();
        var work = Directory.CreateTempSubdirectory("wakedock-security-docs-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["WAKEDOCK"] = $"http://127.0.0.1:{port}",
            ["WAKEDOCK_KEY"] = Keys.Admin,
            ["WAKEDOCK_READER_KEY"] = Keys.Reader,
            ["WAKEDOCK_SHOP_KEY"] = ShopKey,
            ["WAKEDOCK_DATA"] = Path.Combine(app.DataPath, "metrics"),
        };
        try
        {
            for (var i = 0; i < blocks.Count; i++)
            {
                if (blocks[i].Language != "bash")
                {
                    continue;
                }

                // fresh samples, so that the containers stay active (monitored) however slow the machine
                var now = DateTimeOffset.UtcNow.AddMilliseconds(-100);
                await app.IngestAsync(
                    Batches.SpecSample(now, id: "c1shopweb", name: "shop-web-1", service: "web"),
                    Batches.SpecSample(now, id: "c2shopdb", name: "shop-db-1", service: "db"),
                    Batches.SpecSample(now, id: "c3blogweb", name: "blog-web-1", service: "web"));
                await app.Service<AuditFile>().FlushAsync(Ct);
                var result = await ProcessRunner.RunAsync("bash", ["-euo", "pipefail", "-c", blocks[i].Text],
                    timeout: TimeSpan.FromSeconds(30), environment: environment, workingDirectory: work, cancellationToken: Ct);

                Assert.True(result.ExitCode == 0, $"docs/security.md line {blocks[i].Line}: exit {result.ExitCode}\n{blocks[i].Text}\n{result.StandardOutput}\n{result.StandardError}");
                if (i + 1 < blocks.Count && blocks[i + 1] is { Language: "text", FollowsDirectly: true } shown)
                {
                    Assert.Equal(shown.Text.TrimEnd(), result.StandardOutput.TrimEnd());
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
