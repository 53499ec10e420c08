using System.Text.RegularExpressions;
using WakeDock.Pipeline.Options;
using WakeDock.Observability.Tests.Dashboards;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;
using YamlDotNet.RepresentationModel;

namespace WakeDock.Observability.Tests.Rules;

public sealed partial class AlertRulesTests(PromtoolFixture promtool) : IClassFixture<PromtoolFixture>
{
    private const string RulesFile = "dashboards/prometheus/rules/wakedock-alerts.yml";
    private const string RuleTestsFile = "dashboards/prometheus/tests/wakedock-alerts.test.yml";

    [Fact]
    public async Task TheRulesFilePassesPromtoolCheckRules()
    {
        promtool.Require();

        var check = await promtool.CheckRulesAsync(RepoFiles.PathOf(RulesFile));

        Assert.True(check.ExitCode == 0, check.Combined);
        Assert.Contains($"SUCCESS: {Rules().Count} rules found", check.Combined, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRuleUnitTestsPassPromtoolTestRules()
    {
        promtool.Require();

        var test = await promtool.TestRulesAsync(RepoFiles.PathOf(RuleTestsFile));

        Assert.True(test.ExitCode == 0, test.Combined);
        Assert.Contains("SUCCESS", test.Combined, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUnitTestsCatchAThresholdThatDrifts()
    {
        promtool.Require();
        var folder = Directory.CreateTempSubdirectory("wakedock-rules-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "rules"));
            Directory.CreateDirectory(Path.Combine(folder, "tests"));
            File.WriteAllText(Path.Combine(folder, "rules", "wakedock-alerts.yml"),
                RepoFiles.Read(RulesFile).Replace("[2m]) * 100 > 70", "[2m]) * 100 > 60", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(folder, "tests", "wakedock-alerts.test.yml"), RepoFiles.Read(RuleTestsFile));

            var test = await promtool.TestRulesAsync(Path.Combine(folder, "tests", "wakedock-alerts.test.yml"));

            Assert.NotEqual(0, test.ExitCode);
            Assert.Contains("alertname: ContainerCpuWarning", test.Combined, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheScrapeConfigPassesPromtoolCheckConfigAndLoadsTheRules()
    {
        promtool.Require();

        var check = await ProcessRunner.RunAsync(promtool.Path!, ["check", "config", RepoFiles.PathOf("dashboards/prometheus/prometheus.yml")], cancellationToken: TestContext.Current.CancellationToken);
        var config = DashboardFileTests.Yaml("dashboards/prometheus/prometheus.yml");
        var jobs = ((YamlSequenceNode)config["scrape_configs"]).Children.Cast<YamlMappingNode>().ToDictionary(j => j["job_name"].ToString(), j => j);

        Assert.True(check.ExitCode == 0, check.Combined);
        Assert.Contains("SUCCESS: 1 rule files found", check.Combined, StringComparison.Ordinal);
        Assert.Equal("/metrics", jobs["wakedock-functions"]["metrics_path"].ToString());
        Assert.Equal(["node", "redis", "wakedock-agent", "wakedock-functions"], jobs.Keys.Order());
    }

    [Fact]
    public void TheSeedsAlertsAreAllThereWithTheirThresholdsAndDurations()
    {
        var thresholds = new WakeDockOptions().Thresholds;
        var rules = Rules();

        Assert.Equal(
            ["ApiErrorRateHigh", "ApiErrorsCritical", "ApiLatencyCritical", "ApiLatencyHigh", "ContainerCpuCritical", "ContainerCpuWarning", "ContainerMemoryCritical",
             "ContainerMemoryWarning", "DeadLettersRecorded", "DiskSpaceCritical", "DiskSpaceLow", "IngestFailing", "IngestStalled", "SpoolDroppingBatches",
             "SpoolGrowing", "WakeDockDown"],
            rules.Keys.Order());
        Assert.Equal(($"> {thresholds.CpuPercent.Warning}", "5m", "warning"), Shape(rules["ContainerCpuWarning"]));
        Assert.Equal(($"> {thresholds.CpuPercent.Critical}", "5m", "critical"), Shape(rules["ContainerCpuCritical"]));
        Assert.Equal(($"> {thresholds.MemoryPercent.Warning}", "5m", "warning"), Shape(rules["ContainerMemoryWarning"]));
        Assert.Equal(($"> {thresholds.MemoryPercent.Critical}", "5m", "critical"), Shape(rules["ContainerMemoryCritical"]));
        Assert.Equal(("< 20", "5m", "warning"), Shape(rules["DiskSpaceLow"]));
        Assert.Equal(("< 15", "5m", "critical"), Shape(rules["DiskSpaceCritical"]));
        Assert.Equal(("> 1", "10m", "warning"), Shape(rules["ApiLatencyHigh"]));
        Assert.Equal(("> 2", "5m", "critical"), Shape(rules["ApiLatencyCritical"]));
        Assert.Equal(("> 10", "5m", "critical"), Shape(rules["ApiErrorsCritical"]));
        Assert.Equal(("> 0.1", "5m", "warning"), Shape(rules["ApiErrorRateHigh"]));
        Assert.All(rules.Values, rule => Assert.True(((YamlMappingNode)rule["annotations"]).Children.ContainsKey("summary")));
    }

    [Fact]
    public void EveryMetricTheRulesReadIsOneWakeDockExposesOrPrometheusMakes()
    {
        var read = Rules().Values.SelectMany(r => PromQl.MetricNames(r["expr"].ToString())).ToHashSet();

        Assert.Equal(
            ["container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_spec_memory_limit_bytes", "http_request_duration_seconds_bucket",
             "http_requests_total", "up", "wakedock_agent_batches_dropped_total", "wakedock_agent_spool_depth", "wakedock_ingest_batches_total",
             "wakedock_ingest_dead_letters_total", "wakedock_ingest_failures_total", "wakedock_volume_available_bytes", "wakedock_volume_size_bytes"],
            read.Order());
    }

    private static (string Threshold, string For, string Severity) Shape(YamlMappingNode rule)
        => (Comparison().Match(rule["expr"].ToString()).Value, rule["for"].ToString(), ((YamlMappingNode)rule["labels"])["severity"].ToString());

    private static Dictionary<string, YamlMappingNode> Rules()
        => ((YamlSequenceNode)DashboardFileTests.Yaml(RulesFile)["groups"]).Children.Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Children.Cast<YamlMappingNode>())
            .ToDictionary(r => r["alert"].ToString());

    [GeneratedRegex(@"[<>] [0-9.]+\s*$")]
    private static partial Regex Comparison();
}
