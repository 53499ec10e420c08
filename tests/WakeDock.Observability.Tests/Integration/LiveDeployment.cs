using System.Text;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Observability;
using WakeDock.Functions.Status;
using WakeDock.Observability.Tests.Support;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Observability;
using WakeDock.Testing;
using YamlDotNet.RepresentationModel;

namespace WakeDock.Observability.Tests.Integration;

/// <summary>
/// The real thing, started once for the live tests: the functions host on Kestrel with its embedded agent
/// sampling the real Docker engine every second, a container holding 48 MiB and one burning a core (both
/// labelled as a compose service), and — on demand — a real Prometheus scraping the host with the repo's
/// scrape config and rules. Spans of both deployables are recorded from before the host starts.
/// </summary>
public sealed class LiveDeployment : IAsyncLifetime
{
    public const int HeldMegabytes = 48;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private WakeDockApplication? _host;
    private PrometheusServer? _prometheus;

    public DockerFixture Docker { get; } = new();

    public PromtoolFixture Promtool { get; } = new();

    public PrometheusFixture PrometheusBinary { get; } = new();

    /// <summary>The agent's host name: unique, so the spans and series of this stack are told apart.</summary>
    public string AgentHost { get; } = "live-" + Guid.NewGuid().ToString("N")[..8];

    public TestContainer? Holder { get; private set; }

    public TestContainer? Burner { get; private set; }

    public Uri? Url { get; private set; }

    internal SpanRecorder Spans { get; } = new(AgentTracing.SourceName, PipelineTracing.SourceName);

    public async ValueTask InitializeAsync()
    {
        await Docker.InitializeAsync();
        await Promtool.InitializeAsync();
        await PrometheusBinary.InitializeAsync();
    }

    /// <summary>Starts the containers and the host (once), and waits until both containers are in the scrape twice.</summary>
    public async Task<Uri> StartAsync()
    {
        Docker.Require();
        await _gate.WaitAsync();
        try
        {
            if (Url is not null)
            {
                return Url;
            }

            Holder = await Docker.StartMemoryHolderAsync(HeldMegabytes, runOptions: ["--label", "com.docker.compose.service=wdt-holder"]);
            Burner = await Docker.StartCpuBurnerAsync(runOptions: ["--label", "com.docker.compose.service=wdt-burner"]);
            var port = FreePort.Next();
            _host = ObservedHost.Create(new Dictionary<string, string?>
            {
                [HostMode.EmbeddedAgentKey] = "true",
                ["WakeDock:Agent:DockerHost"] = Docker.DockerHost,
                ["WakeDock:Agent:HostName"] = AgentHost,
                ["WakeDock:Collection:IntervalSeconds"] = "1",
            }, environment: "Production");
            _host.UseKestrel(port);
            _host.StartServer();
            Url = new Uri($"http://127.0.0.1:{port}/");
            Exposition? scrape = null;
            await Eventually.TrueAsync(async () =>
            {
                scrape = await ScrapeAsync();
                return scrape.Of("container_last_seen", ("name", Holder.Name)).Any() && scrape.Of("container_last_seen", ("name", Burner.Name)).Any()
                    // the counter is recorded after the batch's observers ran: present a moment after the samples
                    && scrape.Of("wakedock_ingest_batches_total", ("outcome", "success")).Sum(s => s.Value) >= 3;
            }, TimeSpan.FromSeconds(60), () => $"the test containers did not reach /metrics:\n{scrape?.Text}", CancellationToken.None, every: TimeSpan.FromMilliseconds(250));
            return Url;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<Exposition> ScrapeAsync()
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        return new Exposition(await client.GetStringAsync("metrics"));
    }

    /// <summary>
    /// A real Prometheus (once) with the repository's <c>prometheus.yml</c>: its functions job pointed at this
    /// host, scraped every second, and its rule files read from the repository.
    /// </summary>
    public async Task<PrometheusServer> PrometheusAsync()
    {
        PrometheusBinary.Require();
        var url = await StartAsync();
        await _gate.WaitAsync();
        try
        {
            return _prometheus ??= await PrometheusBinary.StartAsync(ScrapeConfigFor(url));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The repository's scrape config, retargeted: the test changes addresses and intervals, nothing else.</summary>
    public static string ScrapeConfigFor(Uri host)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(RepoFiles.Read("dashboards/prometheus/prometheus.yml")))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var global = (YamlMappingNode)root["global"];
        global.Children[new YamlScalarNode("scrape_interval")] = new YamlScalarNode("1s");
        global.Children[new YamlScalarNode("evaluation_interval")] = new YamlScalarNode("1s");
        root.Children[new YamlScalarNode("rule_files")] = new YamlSequenceNode(new YamlScalarNode(RepoFiles.PathOf("dashboards/prometheus/rules") + "/*.yml"));
        var jobs = ((YamlSequenceNode)root["scrape_configs"]).Children.Cast<YamlMappingNode>().ToList();
        var functions = jobs.Single(j => j["job_name"].ToString() == "wakedock-functions");
        var targets = (YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)functions["static_configs"]).Children[0])["targets"];
        targets.Children.Clear();
        targets.Children.Add(new YamlScalarNode($"127.0.0.1:{host.Port}"));
        // the agent, Redis and node exporters of the compose stack are not part of this deployment
        foreach (var other in jobs.Where(j => j["job_name"].ToString() != "wakedock-functions"))
        {
            ((YamlSequenceNode)root["scrape_configs"]).Children.Remove(other);
        }
        var text = new StringBuilder();
        using (var writer = new StringWriter(text))
        {
            stream.Save(writer, assignAnchors: false);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Spans.Dispose();
        await Docker.DisposeAsync();
        await Promtool.DisposeAsync();
        await PrometheusBinary.DisposeAsync();
        _gate.Dispose();
    }
}
