using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>
/// <c>edge-agent/deploy/grafana/docker-hosts.json</c>, a dashboard written only from cAdvisor's and node_exporter's
/// documented metrics, run through a real Prometheus that scrapes the standalone agent: every query of every panel
/// returns data, so dashboards made for cAdvisor + node_exporter work on WakeDock's agent unchanged.
/// </summary>
public sealed class DashboardCompatibilityTests(DockerFixture docker, PrometheusFixture prometheus) : IClassFixture<DockerFixture>, IClassFixture<PrometheusFixture>
{
    [Fact]
    public async Task EveryPanelOfADashboardWrittenForCadvisorAndNodeExporterGetsData()
    {
        docker.Require();
        prometheus.Require();
        var network = await docker.CreateNetworkAsync();
        var peer = await docker.StartIdleAsync("peer", ["--network", network]);
        var limited = await docker.StartCpuBurnerAsync("limited", ["--network", network, "--cpus", "0.5", "--memory", "128m"]);
        var address = (await docker.DockerAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", peer.Id)).Trim();
        await docker.DockerAsync("exec", "-d", limited.Id, "ping", "-i", "0.5", address);

        using var data = new TempDirectory();
        var port = FreePort.Next();
        using var agent = StandaloneAgent.Build([
            "--urls", $"http://127.0.0.1:{port}/", $"--DOCKER_HOST={docker.DockerHost}", "--WAKEDOCK_METRICS_INTERVAL=1",
            $"--WakeDock:Agent:DataDirectory={data.Path}", $"--DAPR_HTTP_PORT={FreePort.Next()}",
        ]);
        await agent.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await using var server = await prometheus.StartAsync($"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: wakedock-agent
                    static_configs:
                      - targets: ["127.0.0.1:{port}"]
                """, TestContext.Current.CancellationToken);

            var dashboard = JsonNode.Parse(RepoFiles.Read("edge-agent/deploy/grafana/docker-hosts.json"))!;
            var queries = dashboard["panels"]!.AsArray()
                .SelectMany(panel => panel!["targets"]!.AsArray().Select(target => (Panel: panel["title"]!.GetValue<string>(), Expr: target!["expr"]!.GetValue<string>())))
                .ToList();
            Assert.True(queries.Count >= 30, $"the dashboard has {queries.Count} queries");

            var empty = new List<string>();
            foreach (var (panel, expr) in queries)
            {
                var promql = expr.Replace("$__rate_interval", "15s", StringComparison.Ordinal);
                var answered = await Eventually.HoldsWithinAsync(
                    async () => (await server.QueryAsync(promql, TestContext.Current.CancellationToken)).GetProperty("result").GetArrayLength() > 0,
                    TimeSpan.FromSeconds(45), TestContext.Current.CancellationToken, every: TimeSpan.FromMilliseconds(500));

                if (!answered)
                {
                    empty.Add($"{panel}: {expr}");
                }
            }

            Assert.True(empty.Count == 0, "queries without data:\n" + string.Join('\n', empty));

            // the numbers mean what cAdvisor's mean: the limited container's quota is half a core, its memory limit 128 MiB
            var quota = await server.QueryAsync($"container_spec_cpu_quota{{name=\"{limited.Name}\"}} / container_spec_cpu_period{{name=\"{limited.Name}\"}}",
                TestContext.Current.CancellationToken);
            Assert.Equal("0.5", quota.GetProperty("result")[0].GetProperty("value")[1].GetString());
            var limit = await server.QueryAsync($"container_spec_memory_limit_bytes{{name=\"{limited.Name}\"}}", TestContext.Current.CancellationToken);
            Assert.Equal((128 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), limit.GetProperty("result")[0].GetProperty("value")[1].GetString());
            var peerLimit = await server.QueryAsync($"container_spec_memory_limit_bytes{{name=\"{peer.Name}\"}}", TestContext.Current.CancellationToken);
            Assert.Equal("0", peerLimit.GetProperty("result")[0].GetProperty("value")[1].GetString()); // unlimited, as cAdvisor writes it
        }
        finally
        {
            await agent.StopAsync(TimeSpan.FromSeconds(10));
        }
    }
}
