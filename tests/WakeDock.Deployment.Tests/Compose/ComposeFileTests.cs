using WakeDock.Contracts;
using WakeDock.Deployment.Tests.Images;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Functions.Observability;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Compose;

/// <summary>docker-compose.yml and docker-compose.agent.yml against the code: app ids, ports, settings, mounts.</summary>
public sealed class ComposeFileTests
{
    private static readonly ComposeFile Stack = ComposeFile.Load("docker-compose.yml");
    private static readonly ComposeFile SecondHost = ComposeFile.Load("docker-compose.agent.yml");

    [Fact]
    public void TheStackRunsEveryPartOnOneHost()
        => Assert.Equal(
            ["agent", "agent-dapr", "alertmanager", "azurite", "docker-proxy", "functions", "functions-dapr", "grafana", "loki", "node-exporter", "otel-collector", "prometheus", "promtail", "redis", "redis-exporter"],
            Stack.ServiceNames.Order(StringComparer.Ordinal));

    public static TheoryData<string, string, string, string> Sidecars => new()
    {
        // file, sidecar, app, app id (as written)
        { "docker-compose.yml", "functions-dapr", "functions", PipelineNames.FunctionsAppId },
        { "docker-compose.yml", "agent-dapr", "agent", PipelineNames.AgentAppIdPrefix + "${WAKEDOCK_HOST_NAME:?set it in .env}" },
        { "docker-compose.agent.yml", "agent-dapr", "agent", PipelineNames.AgentAppIdPrefix + "${WAKEDOCK_HOST_NAME:?set it in .env}" },
    };

    [Theory]
    [MemberData(nameof(Sidecars))]
    public void EachSidecarSharesItsAppsNetworkAndCallsItOnItsPort(string file, string sidecarName, string appName, string appId)
    {
        var compose = ComposeFile.Load(file);
        var sidecar = compose.Service(sidecarName);
        var app = compose.Service(appName);

        Assert.Equal($"service:{appName}", sidecar.NetworkMode);
        Assert.StartsWith("daprio/daprd:1.14", sidecar.Node.Text("image"), StringComparison.Ordinal);
        Assert.Equal([appId], sidecar.Flag("--app-id"));
        Assert.Equal([new Uri(app.Environment["ASPNETCORE_URLS"]).Port.ToString()], sidecar.Flag("--app-port"));
        Assert.Equal([app.Environment["DAPR_HTTP_PORT"]], sidecar.Flag("--dapr-http-port"));
        Assert.Equal(app.Environment["DAPR_API_TOKEN"], sidecar.Environment["DAPR_API_TOKEN"]);
        Assert.Equal(app.Environment["APP_API_TOKEN"], sidecar.Environment["APP_API_TOKEN"]);

        var dapr = Assert.Single(sidecar.Binds, b => b.Target == "/dapr");
        Assert.Equal("./dapr", dapr.Source);
        // The functions' sidecar also reads the declarative subscriptions (scoped to the functions' app id).
        Assert.Equal(appName == "functions" ? ["/dapr/components/local", "/dapr/resiliency", "/dapr/subscriptions"] : ["/dapr/components/local", "/dapr/resiliency"],
            sidecar.Flag("--resources-path"));
        Assert.Equal(Stack.Service("functions").Environment["AzureWebJobsStorage"].Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..],
            sidecar.Environment["AZURE_STORAGE_ACCOUNT_KEY"]);
        Assert.All(sidecar.Flag("--resources-path"), path => Assert.True(Directory.Exists(RepoFiles.PathOf(path.TrimStart('/'))), path));
        Assert.True(File.Exists(RepoFiles.PathOf(sidecar.Flag("--config").Single().TrimStart('/'))));
        Assert.Equal(sidecar.Environment["REDIS_PASSWORD"], compose.ServiceNames.Contains("redis")
            ? compose.Service("redis").Command[compose.Service("redis").Command.ToList().IndexOf("--requirepass") + 1]
            : "${WAKEDOCK_REDIS_PASSWORD:?set it in .env}");
    }

    [Theory]
    [InlineData("docker-compose.yml", "functions")]
    [InlineData("docker-compose.yml", "agent")]
    [InlineData("docker-compose.agent.yml", "agent")]
    public void EverySettingGivenToWakeDockIsOneTheCodeReads(string file, string service)
    {
        var environment = ComposeFile.Load(file).Service(service).Environment;

        Assert.NotEmpty(environment);
        Assert.All(environment.Keys, name => Assert.Null(SettingNames.Problem(name)));
    }

    [Fact]
    public void TheFunctionsAppRunsOnTheFunctionsHostWithAzuriteAsItsStorageAndEveryTriggerSetting()
    {
        var functions = Stack.Service("functions").Environment;

        Assert.Equal("dotnet-isolated", functions["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("~4", functions["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.Equal("blob", functions["WAKEDOCK_STORAGE"]);
        Assert.False(functions.ContainsKey("WakeDock__Storage__Blob__Endpoint"), "the data is in AzureWebJobsStorage's account");
        var storage = functions["AzureWebJobsStorage"].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("http://azurite:10000/devstoreaccount1", storage["BlobEndpoint"]);
        Assert.Equal("http://azurite:10001/devstoreaccount1", storage["QueueEndpoint"]);
        Assert.Contains("azurite", Stack.Service("functions").Node.Texts("depends_on"));
        Assert.Contains("--queueHost", Stack.Service("azurite").Command);
        Assert.Empty(FunctionsAppSettings.Missing(functions.Keys));
        Assert.Equal(PipelineNames.SamplesQueue, functions[PipelineNames.SamplesQueueSetting]);
        Assert.Equal(PipelineNames.NotificationsQueue, functions[PipelineNames.NotificationsQueueSetting]);
        Assert.All(FunctionsAppSettings.Schedules, s => Assert.Equal(s.Schedule, functions[s.Setting]));
    }

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData("docker-compose.agent.yml")]
    public void AgentsSendTheirBatchesThroughTheQueueBindingOfTheirSidecar(string file)
    {
        var compose = ComposeFile.Load(file);

        Assert.Equal("DaprQueueBinding", compose.Service("agent").Environment["WakeDock__Agent__Publisher__Target"]);
        Assert.NotEmpty(compose.Service("agent-dapr").Environment["AZURE_STORAGE_ACCOUNT_KEY"]);
    }

    [Fact]
    public void AnOpenApiIsPublishedOnTheDockerHostsLoopbackOnly()
    {
        var functions = Stack.Service("functions");
        Assert.Equal("true", functions.Environment["WakeDock__Security__AllowAnonymousNonLoopback"]);

        var published = Stack.ServiceNames.SelectMany(s => Stack.Service(s).Ports.Select(p => (Service: s, Port: p))).ToList();
        Assert.All(published.Where(p => p.Service is not ("redis" or "azurite")), p => Assert.StartsWith("127.0.0.1:", p.Port, StringComparison.Ordinal));
        Assert.All(Stack.Service("azurite").Ports, p => Assert.StartsWith("${WAKEDOCK_AZURITE_BIND:-127.0.0.1}:", p, StringComparison.Ordinal));
        Assert.Equal("${WAKEDOCK_REDIS_BIND:-127.0.0.1}:6379:6379", Stack.Service("redis").Ports.Single());
        Assert.Equal($"127.0.0.1:7071:{new Uri(functions.Environment["ASPNETCORE_URLS"]).Port}", functions.Ports.Single());
    }

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData("docker-compose.agent.yml")]
    public void TheAgentReadsTheEngineThroughAGetOnlyProxyAndKeepsItsSpoolOnAVolume(string file)
    {
        var compose = ComposeFile.Load(file);
        var agent = compose.Service("agent");
        var proxy = compose.Service("docker-proxy");
        var image = Dockerfile.Parse(RepoFiles.Read("edge-agent/Dockerfile")).Final;

        Assert.Equal("tcp://docker-proxy:2375", agent.Environment["DOCKER_HOST"]);
        Assert.Equal("0", proxy.Environment["POST"]);
        Assert.All(["CONTAINERS", "EVENTS", "INFO", "VERSION", "PING"], api => Assert.Equal("1", proxy.Environment[api]));
        Assert.Contains(("/var/run/docker.sock", "/var/run/docker.sock"), proxy.Binds);
        Assert.DoesNotContain(agent.Volumes, v => v.Contains("docker.sock", StringComparison.Ordinal));

        Assert.True(agent.ReadOnly);
        Assert.Equal(["/tmp"], agent.Node.Texts("tmpfs"));
        var volume = image.All("VOLUME").Single().Arguments.Trim('[', ']', '"');
        Assert.Contains($"agent-data:{volume}", agent.Volumes);
        Assert.Equal(image.Environment["ASPNETCORE_URLS"], agent.Environment["ASPNETCORE_URLS"]);
    }

    [Fact]
    public void TheSecondHostsAgentIsTheFirstHostsWithTheBrokerAddressOfTheFirst()
    {
        var first = Stack.Service("agent");
        var second = SecondHost.Service("agent");
        var otel = new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME" };

        Assert.Equal(first.Environment.Where(e => !otel.Contains(e.Key)), second.Environment);
        Assert.Equal(["redis:${WAKEDOCK_REDIS_ADDRESS:?set it to the first host's address}", "azurite:${WAKEDOCK_REDIS_ADDRESS:?set it to the first host's address}"],
            SecondHost.Service("agent-dapr").Node.Texts("extra_hosts"));
        Assert.Equal(["agent", "agent-dapr", "docker-proxy"], SecondHost.ServiceNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheFunctionsSpansReachApplicationInsightsByOnePathAtMost()
    {
        var functions = Stack.Service("functions").Environment;
        var collector = Yaml.LoadFile(RepoFiles.PathOf("infra/compose/otel-collector.yaml"));
        var collectorExporters = collector.Map("exporters").Children.Keys.Select(k => k.ToString()).ToList();

        // the stack exports over OTLP to the collector, which prints; the app's own exporter is for Azure (infra/)
        Assert.Equal("http://otel-collector:4317", functions["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.False(functions.ContainsKey(AzureMonitorExport.ConnectionStringVariable));
        Assert.DoesNotContain(collectorExporters, e => e.StartsWith("azuremonitor", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryFileTheStackMountsIsInTheRepository()
    {
        var sources = Stack.ServiceNames.Concat(SecondHost.ServiceNames)
            .SelectMany(s => (Stack.ServiceNames.Contains(s) ? Stack.Service(s) : SecondHost.Service(s)).Binds)
            .Select(b => b.Source)
            .Where(s => s.StartsWith("./", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.Contains("./infra/compose/otel-collector.yaml", sources);
        Assert.All(sources, source => Assert.True(
            File.Exists(RepoFiles.PathOf(source[2..])) || Directory.Exists(RepoFiles.PathOf(source[2..])), $"{source} is not in the repository"));
    }

    [Fact]
    public void PrometheusScrapesTheFunctionsHostAndTheAgentWhereTheStackRunsThem()
    {
        var config = RepoFiles.PathOf("dashboards/prometheus/prometheus.yml");
        var targets = Yaml.LoadFile(config).Items("scrape_configs")
            .SelectMany(job => job.Items("static_configs").SelectMany(s => s.Texts("targets")))
            .ToHashSet();
        foreach (var service in new[] { "functions", "agent" })
        {
            var port = new Uri(Stack.Service(service).Environment["ASPNETCORE_URLS"]).Port;
            Assert.Contains($"{service}:{port}", targets);
        }
    }
}
