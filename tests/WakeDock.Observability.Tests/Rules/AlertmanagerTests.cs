using System.Text.Json;
using WakeDock.Observability.Tests.Dashboards;
using WakeDock.Testing;
using YamlDotNet.RepresentationModel;

namespace WakeDock.Observability.Tests.Rules;

/// <summary>The Alertmanager of the compose stack: its config passes amtool, routes by severity, and receives what Prometheus fires.</summary>
public sealed class AlertmanagerTests(AlertmanagerFixture alertmanager, PrometheusFixture prometheus) : IClassFixture<AlertmanagerFixture>, IClassFixture<PrometheusFixture>
{
    private const string ConfigFile = "dashboards/prometheus/alertmanager.yml";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheConfigPassesAmtoolAndRoutesCriticalToOnCall()
    {
        alertmanager.Require();

        var check = await ProcessRunner.RunAsync(alertmanager.AmtoolPath!, ["check-config", RepoFiles.PathOf(ConfigFile)], cancellationToken: Ct);
        var critical = await ProcessRunner.RunAsync(alertmanager.AmtoolPath!, ["config", "routes", "test", $"--config.file={RepoFiles.PathOf(ConfigFile)}", "severity=critical"], cancellationToken: Ct);
        var warning = await ProcessRunner.RunAsync(alertmanager.AmtoolPath!, ["config", "routes", "test", $"--config.file={RepoFiles.PathOf(ConfigFile)}", "severity=warning"], cancellationToken: Ct);

        Assert.True(check.ExitCode == 0, check.Combined);
        Assert.Contains("SUCCESS", check.Combined, StringComparison.Ordinal);
        Assert.Equal("wakedock-oncall", critical.StandardOutput.Trim());
        Assert.Equal("wakedock-team", warning.StandardOutput.Trim());
    }

    [Fact]
    public void PrometheusSendsToTheComposeAlertmanager()
    {
        var config = DashboardFileTests.Yaml("dashboards/prometheus/prometheus.yml");
        var compose = DashboardFileTests.Yaml("docker-compose.yml");

        var managers = (YamlSequenceNode)((YamlMappingNode)config["alerting"])["alertmanagers"];
        var targets = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)managers[0])["static_configs"])[0])["targets"]).Select(t => t.ToString());
        var service = (YamlMappingNode)((YamlMappingNode)compose["services"])["alertmanager"];

        Assert.Equal(["alertmanager:9093"], targets);
        Assert.Contains(((YamlSequenceNode)service["volumes"]).Select(v => v.ToString()), v => v.StartsWith("./" + ConfigFile + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARuleFiredByARealPrometheusReachesAlertmanagerOnTheOnCallRoute()
    {
        alertmanager.Require();
        prometheus.Require();
        var (expr, severity) = ShippedRule("WakeDockDown");
        var folder = TempFolder.Create("am-rules");
        try
        {
            // The shipped rule, its `for` shortened so the test takes seconds; the target never answers.
            var rules = Path.Combine(folder, "down.yml");
            await File.WriteAllTextAsync(rules, $"groups:\n  - name: wakedock-host\n    rules:\n      - alert: WakeDockDown\n        expr: '{expr}'\n        labels:\n          severity: {severity}\n", Ct);
            await using var manager = await alertmanager.StartAsync(RepoFiles.Read(ConfigFile), Ct);
            await using var server = await prometheus.StartAsync($$"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["{{rules}}"]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["{{manager.Url.Authority}}"]
                scrape_configs:
                  - job_name: wakedock-functions
                    static_configs:
                      - targets: ["127.0.0.1:{{FreePort.Next()}}"]
                """, Ct);

            JsonElement received = default;
            await Eventually.TrueAsync(async () =>
            {
                received = (await manager.AlertsAsync(Ct)).EnumerateArray().FirstOrDefault(a => a.GetProperty("labels").GetProperty("alertname").GetString() == "WakeDockDown");
                return received.ValueKind == JsonValueKind.Object;
            }, TimeSpan.FromSeconds(90), () => $"WakeDockDown at Alertmanager; Prometheus: {server.Log}; Alertmanager: {manager.Log}", Ct);

            Assert.Equal(("critical", "wakedock-functions"), (received.GetProperty("labels").GetProperty("severity").GetString(), received.GetProperty("labels").GetProperty("job").GetString()));
            Assert.Equal(["wakedock-oncall"], received.GetProperty("receivers").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
            Assert.Equal("active", received.GetProperty("status").GetProperty("state").GetString());
        }
        finally
        {
            await TempFolder.DeleteAsync(folder);
        }
    }

    private static (string Expr, string Severity) ShippedRule(string name)
    {
        var rules = DashboardFileTests.Yaml("dashboards/prometheus/rules/wakedock-alerts.yml");
        var rule = ((YamlSequenceNode)rules["groups"]).Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
            .Single(r => r.Children.TryGetValue("alert", out var alert) && alert.ToString() == name);
        return (rule["expr"].ToString(), ((YamlMappingNode)rule["labels"])["severity"].ToString());
    }
}
