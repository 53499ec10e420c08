using System.Text;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Storage;

/// <summary>
/// The storage section of docs/pipeline.md, run: the pipeline writes a day (the spec's example containers, one CPU spike)
/// and compacts it; each <c>```bash</c> block of the section runs in that folder with bash, must exit 0, and prints exactly
/// the <c>```text</c> block right after it.
/// </summary>
public sealed class StorageDocsExamplesTests
{
    private static readonly DateTimeOffset Day = new(2025, 1, 16, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheZcatAndJqExamplesRunOnWhatThePipelineWrote()
    {
        var clock = new ManualTimeProvider(Day.AddMinutes(30));
        await using var app = FunctionsApplication.Create(time: clock);
        var ingest = app.Service<IBatchIngest>();
        double[] web = [25.5, 95, 30.1], db = [4.2, 4.4, 4.1];
        for (var i = 0; i < 3; i++)
        {
            var at = Day.AddSeconds(5 * i);
            ContainerSampleFor[] samples =
            [
                new("abc123", "web-server", "web", web[i]),
                new("def456", "db", "db", db[i]),
            ];
            var batch = Samples.Batch($"docs-{i}", samples.Select((s, n) => Samples.Of(s.Id, at, cpu: s.Cpu, memory: 50, sequence: 2 * i + n + 1, service: s.Service) with { ContainerName = s.Name }).ToList());
            Assert.Equal(IngestStatus.Success, (await ingest.IngestAsync(batch, IngestOrigin.InProcess, Ct)).Status);
        }

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("ran", (await app.Service<TimerRunner>().RunAsync(TriggerTable.Compaction, "test", Ct, waitIfRunning: true)).Status);

        var blocks = StorageSectionBlocks();
        Assert.True(blocks.Count(b => b.Language == "bash") >= 4, "the storage section should show at least 4 runnable examples");
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Language != "bash")
            {
                continue;
            }

            var result = await ProcessRunner.RunAsync("bash", ["-euo", "pipefail", "-c", blocks[i].Text], timeout: TimeSpan.FromSeconds(30),
                environment: new Dictionary<string, string> { ["WAKEDOCK_METRICS_STORAGE_PATH"] = app.StoragePath }, cancellationToken: Ct);
            Assert.True(result.ExitCode == 0, $"docs/pipeline.md line {blocks[i].Line}: exit {result.ExitCode}\n{blocks[i].Text}\n{result.StandardOutput}\n{result.StandardError}");
            var output = result.StandardOutput.TrimEnd();
            Assert.True(i + 1 < blocks.Count && blocks[i + 1].Language == "text", $"docs/pipeline.md line {blocks[i].Line}: no text block with the output follows; the output:\n{output}");
            Assert.True(blocks[i + 1].Text.TrimEnd() == output, $"docs/pipeline.md line {blocks[i].Line}: the output is not the text block after it; the output:\n{output}");
        }
    }

    private sealed record ContainerSampleFor(string Id, string Name, string Service, double Cpu);

    private sealed record Block(string Language, string Text, int Line);

    /// <summary>The fenced blocks between <c>## Storage</c> and the next second-level heading.</summary>
    private static List<Block> StorageSectionBlocks()
    {
        var lines = File.ReadAllLines(RepoFiles.PathOf("docs/pipeline.md"));
        var start = Array.IndexOf(lines, "## Storage");
        Assert.True(start >= 0, "docs/pipeline.md has a '## Storage' section");
        var blocks = new List<Block>();
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Length == 3)
            {
                continue;
            }

            var language = lines[i][3..].Trim();
            var text = new StringBuilder();
            var first = i + 1;
            for (i++; i < lines.Length && lines[i] != "```"; i++)
            {
                text.AppendLine(lines[i]);
            }

            blocks.Add(new Block(language, text.ToString(), first));
        }

        return blocks;
    }
}
