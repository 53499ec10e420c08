using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Compose;

/// <summary>
/// The observability part of docker-compose.yml: Loki and Promtail start with a plain <c>docker compose up</c> (Grafana always
/// has their datasource), and the Redis and node exporters of the 004 document are there and scraped.
/// </summary>
public sealed class ComposeObservabilityTests
{
    private static readonly ComposeFile Stack = ComposeFile.Load("docker-compose.yml");

    [Fact]
    public void NoServiceHidesBehindAProfileSoAPlainUpStartsLokiAndPromtail()
    {
        Assert.Contains("loki", Stack.ServiceNames);
        Assert.Contains("promtail", Stack.ServiceNames);
        Assert.All(Stack.ServiceNames, name => Assert.Null(Stack.Service(name).Node.At("profiles")));
        Assert.Equal(["loki"], Stack.Service("promtail").Node.Texts("depends_on"));
    }

    [Fact]
    public void TheRedisExporterReadsTheComposeBrokerWithItsPassword()
    {
        var exporter = Stack.Service("redis-exporter");
        var redisCommand = Stack.Service("redis").Command;

        Assert.StartsWith("oliver006/redis_exporter:", exporter.Node.Text("image"), StringComparison.Ordinal);
        Assert.Equal("redis://redis:6379", exporter.Environment["REDIS_ADDR"]);
        Assert.Equal(redisCommand[redisCommand.ToList().IndexOf("--requirepass") + 1], exporter.Environment["REDIS_PASSWORD"]);
        Assert.True(exporter.ReadOnly);
    }

    [Fact]
    public void TheNodeExporterSeesTheHostsRootReadOnly()
    {
        var exporter = Stack.Service("node-exporter");

        Assert.StartsWith("prom/node-exporter:", exporter.Node.Text("image"), StringComparison.Ordinal);
        Assert.Equal(["--path.rootfs=/host"], exporter.Command);
        Assert.Contains(exporter.Volumes, v => v.StartsWith("/:/host:ro", StringComparison.Ordinal));
        Assert.Equal("host", exporter.Node.Text("pid"));
    }

    [Fact]
    public void PrometheusScrapesBothExportersOnTheirPorts()
    {
        var jobs = Yaml.LoadFile(RepoFiles.PathOf("dashboards/prometheus/prometheus.yml")).Items("scrape_configs")
            .ToDictionary(job => job.Text("job_name")!, job => job.Items("static_configs").SelectMany(s => s.Texts("targets")).ToList());

        Assert.Equal(["redis-exporter:9121"], jobs["redis"]);
        Assert.Equal(["node-exporter:9100"], jobs["node"]);
    }

    [Fact]
    public async Task DockerComposeListsLokiAndPromtailAmongTheServicesOfAPlainUp()
    {
        var compose = ProcessRunner.FindOnPath("docker-compose");
        IntegrationPart.Require("docker-compose", compose is null ? "docker-compose is not on PATH (Debian package docker-compose)" : null);
        var settings = new Dictionary<string, string>
        {
            ["WAKEDOCK_HOST_NAME"] = "docker-host-1",
            ["WAKEDOCK_REDIS_PASSWORD"] = "redis-secret",
            ["WAKEDOCK_DAPR_API_TOKEN"] = "dapr-token",
            ["WAKEDOCK_APP_API_TOKEN"] = "app-token",
            ["WAKEDOCK_GRAFANA_ADMIN_PASSWORD"] = "grafana-secret",
        };

        var result = await ProcessRunner.RunAsync(compose!, ["-f", RepoFiles.PathOf("docker-compose.yml"), "config", "--services"], environment: settings,
            timeout: TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
        var services = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.True(result.ExitCode == 0, result.Combined);
        Assert.Subset(services.ToHashSet(), new HashSet<string> { "loki", "promtail", "redis-exporter", "node-exporter" });
    }
}
