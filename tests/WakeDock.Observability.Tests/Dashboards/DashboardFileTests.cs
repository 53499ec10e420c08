using System.Globalization;
using System.Text.Json;
using Serilog.Events;
using Serilog.Parsing;
using WakeDock.ServiceDefaults.Logging;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;
using YamlDotNet.RepresentationModel;

namespace WakeDock.Observability.Tests.Dashboards;

public sealed class DashboardFileTests
{
    [Fact]
    public void TheThreeDashboardsAreThereWithUniqueIdsAndAPrometheusDatasourceVariable()
    {
        var dashboards = GrafanaDashboards.Files.Select(GrafanaDashboards.Read).ToList();

        Assert.Equal(["alerts.json", "containers-overview.json", "pipeline-health.json"], GrafanaDashboards.Files.Select(Path.GetFileName));
        Assert.Equal(dashboards.Count, dashboards.Select(d => d.GetProperty("uid").GetString()).Distinct().Count());
        foreach (var dashboard in dashboards)
        {
            var datasource = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "datasource");
            Assert.Equal("datasource", datasource.GetProperty("type").GetString());
            Assert.Equal("prometheus", datasource.GetProperty("query").GetString());
            Assert.Contains("wakedock", dashboard.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }
    }

    [Fact]
    public void EveryPanelQueriesPrometheusThroughTheVariableAndFitsTheGridWithoutOverlap()
    {
        foreach (var file in GrafanaDashboards.Files)
        {
            var dashboard = GrafanaDashboards.Read(file);
            var cells = new HashSet<(int X, int Y)>();
            foreach (var panel in GrafanaDashboards.Panels(dashboard))
            {
                var title = $"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}";
                var grid = panel.GetProperty("gridPos");
                var (x, y, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
                Assert.True(x >= 0 && w > 0 && x + w <= 24, title);
                for (var i = x; i < x + w; i++)
                {
                    for (var j = y; j < y + h; j++)
                    {
                        Assert.True(cells.Add((i, j)), $"{title} overlaps another panel at ({i}, {j})");
                    }
                }

                if (panel.GetProperty("type").GetString() == "row")
                {
                    continue;
                }

                Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
                var targets = panel.GetProperty("targets").EnumerateArray().ToList();
                Assert.NotEmpty(targets);
                Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), title));
            }
        }
    }

    [Fact]
    public void TheContainersDashboardFiltersByHostServiceAndContainerAndThePipelineOneShowsP50P95P99()
    {
        var containers = GrafanaDashboards.Queries().Where(q => q.Dashboard == "containers-overview.json").ToList();
        var pipeline = GrafanaDashboards.Queries().Where(q => q.Dashboard == "pipeline-health.json").ToList();

        Assert.Equal(["$container", "$host", "$service"], containers.Where(q => q.Where.StartsWith('$')).Select(q => q.Where).Order());
        Assert.All(containers.Where(q => !q.Where.StartsWith('$')), q => Assert.Contains("host=~\"$host\"", q.Expression, StringComparison.Ordinal));
        foreach (var quantile in new[] { "0.5", "0.95", "0.99" })
        {
            Assert.Contains(pipeline, q => q.Where == "Latency p50 / p95 / p99" && q.Expression.StartsWith($"histogram_quantile({quantile}, sum by (le) (rate(http_request_duration_seconds_bucket", StringComparison.Ordinal));
            Assert.Contains(pipeline, q => q.Where == "Ingest duration p50 / p95 / p99" && q.Expression.StartsWith($"histogram_quantile({quantile}, sum by (le) (rate(wakedock_ingest_duration_seconds_bucket", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ProvisioningPointsGrafanaAtPrometheusAndLokiOnTheirPortsAndLoadsTheDashboardsFolder()
    {
        var datasources = Yaml("dashboards/grafana/provisioning/datasources/wakedock.yml")["datasources"];
        var providers = Yaml("dashboards/grafana/provisioning/dashboards/wakedock.yml")["providers"];

        var prometheus = ((YamlSequenceNode)datasources).Children.Cast<YamlMappingNode>().Single(d => d["type"].ToString() == "prometheus");
        var loki = ((YamlSequenceNode)datasources).Children.Cast<YamlMappingNode>().Single(d => d["type"].ToString() == "loki");
        var provider = (YamlMappingNode)((YamlSequenceNode)providers).Children.Single();
        Assert.Equal("http://prometheus:9090", prometheus["url"].ToString());
        Assert.Equal("true", prometheus["isDefault"].ToString());
        Assert.Equal("http://loki:3100", loki["url"].ToString());
        Assert.Equal("file", provider["type"].ToString());
        Assert.Equal("/var/lib/grafana/dashboards/wakedock", ((YamlMappingNode)provider["options"])["path"].ToString());
    }

    [Fact]
    public void PromtailReadsTheFieldsTheLogFormatterWrites()
    {
        var config = Yaml("dashboards/loki/promtail.yml");
        var scrape = (YamlMappingNode)((YamlSequenceNode)config["scrape_configs"]).Children.Single();
        var match = ((YamlSequenceNode)scrape["pipeline_stages"]).Children.Cast<YamlMappingNode>().Select(s => s.Children.TryGetValue("match", out var m) ? (YamlMappingNode)m : null).Single(m => m is not null)!;
        var json = ((YamlSequenceNode)match["stages"]).Children.Cast<YamlMappingNode>().Single(s => s.Children.ContainsKey("json"));
        var expressions = ((YamlMappingNode)((YamlMappingNode)json["json"])["expressions"]).Children.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString().Trim('"'));
        using var written = new StringWriter(CultureInfo.InvariantCulture);
        new ClefFormatter().Format(new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Warning, null, new MessageTemplateParser().Parse("w"),
            [new LogEventProperty("SourceContext", new ScalarValue("WakeDock.Test"))]), written);
        var line = JsonDocument.Parse(written.ToString()).RootElement;

        Assert.Equal(new Dictionary<string, string> { ["time"] = "@t", ["level"] = "@l", ["source_context"] = "SourceContext" }, expressions);
        Assert.All(expressions.Values, field => Assert.True(line.TryGetProperty(field, out _), $"the formatter writes no {field}"));
        Assert.Equal("http://loki:3100/loki/api/v1/push", ((YamlMappingNode)((YamlSequenceNode)config["clients"]).Children.Single())["url"].ToString());
    }

    internal static YamlMappingNode Yaml(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepoFiles.Read(relative));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }
}
