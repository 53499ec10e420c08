using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using WakeDock.ServiceDefaults.Prometheus;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.Pipeline.Ingest;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;
using YamlDotNet.RepresentationModel;

namespace WakeDock.Observability.Tests.Docs;

/// <summary>docs/monitoring.md: the monitoring plan's structure, and every config snippet a repository file the tests load.</summary>
public sealed partial class MonitoringPageTests
{
    private const string Page = "docs/monitoring.md";

    /// <summary>Languages of configuration: a snippet in one of them must name the file it quotes.</summary>
    private static readonly string[] ConfigLanguages = ["yaml", "yml", "json", "promql", "toml", "ini", "xml", "hcl"];

    private static readonly IReadOnlyList<MarkdownSnippet> Snippets = MarkdownSnippets.Of(RepoFiles.Read(Page));

    [Fact]
    public void TheIndexLinksThePage()
        => Assert.Contains("](monitoring.md)", RepoFiles.Read("docs/index.md"), StringComparison.Ordinal);

    [Fact]
    public void ThePageFollowsTheMonitoringPlansStructure()
        => Assert.Equal(["Introduction", "Metrics and monitoring", "Analytics", "Logs", "Centralisation", "Step by step", "Going further"],
            MarkdownSnippets.Sections(RepoFiles.Read(Page)));

    [Fact]
    public void EveryConfigSnippetNamesTheFileItQuotes()
    {
        var config = Snippets.Where(s => ConfigLanguages.Contains(s.Language)).ToList();

        Assert.True(config.Count >= 7, $"only {config.Count} config snippets");
        Assert.All(config, s => Assert.True(s.File is not null, $"the {s.Language} snippet at line {s.Line} names no file (title=\"…\")"));
        Assert.All(Snippets.Where(s => s.File is not null), s => Assert.Contains(s.Language, ConfigLanguages));
    }

    [Fact]
    public void EverySnippetIsTheFileItNamesOrAPartOfIt()
    {
        foreach (var snippet in Snippets.Where(s => s.File is not null))
        {
            Assert.True(File.Exists(RepoFiles.PathOf(snippet.File!)), $"line {snippet.Line}: no file {snippet.File}");
            if (snippet.File!.StartsWith("dashboards/grafana/", StringComparison.Ordinal) && snippet.File.EndsWith(".json", StringComparison.Ordinal))
            {
                var queries = GrafanaDashboards.Queries().Where(q => q.Dashboard == Path.GetFileName(snippet.File)).Select(q => q.Expression);
                Assert.Contains(snippet.Text, queries);
                continue;
            }

            var text = RepoFiles.Read(snippet.File).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.True(text.Contains(snippet.Text, StringComparison.Ordinal), $"line {snippet.Line}: the snippet is not in {snippet.File} as it is now:\n{snippet.Text}");
        }
    }

    [Fact]
    public void EveryQuotedFileParsesAndATestLoadsIt()
    {
        var testSources = Directory.GetFiles(RepoFiles.PathOf("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Docs{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToList();

        foreach (var file in Snippets.Select(s => s.File).OfType<string>().Distinct())
        {
            var text = RepoFiles.Read(file);
            if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                using var _ = JsonDocument.Parse(text);
            }
            else
            {
                new YamlStream().Load(new StringReader(text));
            }

            // a test names the file, or the folder it reads every file of (the dashboards)
            var named = file.EndsWith(".json", StringComparison.Ordinal) && file.StartsWith("dashboards/grafana/", StringComparison.Ordinal) ? "dashboards/grafana" : file;
            Assert.True(testSources.Any(s => s.Contains($"\"{named}\"", StringComparison.Ordinal)), $"no test loads {file}");
        }
    }

    [Fact]
    public async Task EveryMetricThePageNamesIsOneTheHostExposes()
    {
        await using var host = ObservedHost.Create();
        var now = DateTimeOffset.UtcNow;
        await host.Service<IBatchIngest>().IngestAsync(Batches.Of("doc-1", [Batches.Sample("c-doc", now, sequence: 1, name: "doc")]), IngestOrigin.InProcess,
            TestContext.Current.CancellationToken);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var agentExporter = new MeterPrometheusExporter(meter => meter.Name == AgentMetrics.MeterName && ReferenceEquals(meter.Scope, meters));
        _ = new AgentMetrics(meters);

        // the page may name a histogram by its family, as well as any series a query reads
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scrape in new[] { await host.ScrapeAsync(), new Exposition(agentExporter.Collect()) })
        {
            exposed.UnionWith(scrape.MetricNames);
            exposed.UnionWith(scrape.Types.Keys);
        }

        var named = MetricName().Matches(RepoFiles.Read(Page)).Select(m => m.Groups["name"].Value).Distinct().ToList();

        Assert.True(named.Count > 30, $"only {named.Count} metric names found in the page");
        Assert.All(named, name => Assert.True(exposed.Contains(name), $"{Page} names {name}, which /metrics does not expose"));
    }

    [GeneratedRegex(@"`(?<name>(?!container_label_)(container|wakedock|http|dotnet)_[a-z0-9_]+)`")]
    private static partial Regex MetricName();
}
