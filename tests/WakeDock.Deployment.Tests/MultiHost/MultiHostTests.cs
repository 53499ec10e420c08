using System.Text.Json.Nodes;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.MultiHost;

/// <summary>
/// Three Docker hosts on one machine: three agents, each in its own network namespace with its own host
/// name and spool, reading the test Docker engine and publishing over HTTP to one functions host (a real
/// child process) through their veth links. The functions host is killed with SIGKILL mid-stream and
/// restarted on the same folder; one host's link is cut for a while. Every agent's numbered samples
/// must be stored exactly once, and the silent host must raise host_silent and resolve it.
/// </summary>
public sealed class MultiHostTests(DockerFixture docker, ITestOutputHelper output) : IClassFixture<DockerFixture>, IDisposable
{
    private const int Hosts = 3;
    private const string AgentKey = "multi-host-agent-key";
    private const string ApiKey = "multi-host-reader-key";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _folder = TempFolder.Create("multi-host");
    private readonly HttpClient _api = new() { Timeout = TimeSpan.FromSeconds(5), DefaultRequestHeaders = { { "X-Api-Key", ApiKey } } };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _api.Dispose();
        TempFolder.Delete(_folder);
    }

    [Fact]
    public async Task ThreeHostsSurviveAKilledFunctionsHostAndACutLinkWithEverySampleStoredOnce()
    {
        docker.Require();
        IntegrationPart.Require("network namespaces", await TestNetwork.ProblemAsync());
        await docker.StartIdleAsync("mh-a");
        await docker.StartIdleAsync("mh-b");

        await using var network = await TestNetwork.CreateAsync(Hosts, Ct);
        using var functions = new FunctionsHost(Path.Combine(_folder, "storage"), [.. network.Hosts.Select(h => h.RootAddress)], AgentKey, ApiKey);
        var agents = new List<HostAgent>();
        try
        {
            await functions.StartAsync(Ct);
            foreach (var host in network.Hosts)
            {
                agents.Add(await HostAgent.StartAsync(host, $"{network.Prefix}-host-{host.Index}", Path.Combine(_folder, $"agent-{host.Index}"),
                    functions.IngestUrlFor(host), AgentKey, docker.DockerHost, Ct));
            }

            await TheQueryApiShowsEveryHostAsync(functions, agents);
            await SurvivesAKilledFunctionsHostAsync(functions, agents);
            await ACutLinkIsSpooledAndRaisesHostSilentAsync(network, functions, agents[0]);
            await EverySampleIsStoredExactlyOnceAsync(functions, agents);
        }
        catch
        {
            output.WriteLine($"--- functions host\n{functions.Output}");
            foreach (var agent in agents)
            {
                output.WriteLine($"--- {agent.Name}\n{string.Join('\n', agent.Output.Split('\n').TakeLast(30))}");
            }

            throw;
        }
        finally
        {
            agents.ForEach(a => a.Dispose());
        }
    }

    private async Task TheQueryApiShowsEveryHostAsync(FunctionsHost functions, IReadOnlyList<HostAgent> agents)
    {
        var names = agents.Select(a => a.Name).ToHashSet();
        HashSet<string> seen = [];
        await Eventually.TrueAsync(async () =>
        {
            var status = JsonNode.Parse(await _api.GetStringAsync(new Uri(functions.Loopback, "/api/v1/monitoring/status"), Ct))!;
            seen = status["monitoring"]!["hosts"]!.AsArray()
                .Where(h => (bool?)h!["is_running"] == true)
                .Select(h => (string?)h!["host"]).OfType<string>().Where(names.Contains).ToHashSet();
            return seen.SetEquals(names);
        }, Patience, () => $"the status API shows running hosts [{string.Join(", ", seen)}] of [{string.Join(", ", names)}]", Ct);

        foreach (var agent in agents)
        {
            // A container's first reading is its baseline: samples come from the second interval on.
            JsonArray samples = [];
            await Eventually.TrueAsync(async () =>
            {
                samples = JsonNode.Parse(await _api.GetStringAsync(new Uri(functions.Loopback, $"/api/v1/monitoring/metrics?host={agent.Name}&hours=1"), Ct))!.AsArray();
                return samples.Count > 0;
            }, Patience, () => $"no samples of {agent.Name} through the metrics API", Ct);
            Assert.All(samples, s => Assert.Equal(agent.Name, (string?)s!["host"]));
        }
    }

    private async Task SurvivesAKilledFunctionsHostAsync(FunctionsHost functions, IReadOnlyList<HostAgent> agents)
    {
        // Mid-stream: every agent has delivered several batches, and keeps sending while the host is gone. A pause of four
        // real intervals of agents in other processes places the kill in the stream.
        await Task.Delay(4 * Interval, Ct);
        functions.Kill();
        await Eventually.TrueAsync(() => Task.FromResult(agents.All(a => a.SpoolFiles > 0)), Patience,
            () => $"spools while the host is down: {string.Join(", ", agents.Select(a => a.SpoolFiles))}", Ct);
        await Task.Delay(2 * Interval, Ct); // the outage under test: the agents keep sampling into their spools meanwhile

        await functions.StartAsync(Ct);
        await Eventually.TrueAsync(async () => await AllDrainedAsync(agents), Patience,
            () => $"spools after the restart: {string.Join(", ", agents.Select(a => a.SpoolFiles))}", Ct);
    }

    private async Task ACutLinkIsSpooledAndRaisesHostSilentAsync(TestNetwork network, FunctionsHost functions, HostAgent cut)
    {
        var alerts = new Uri(functions.Loopback, $"/api/v1/monitoring/alerts?host={cut.Name}&metric_type=host_silent&state=all&hours=1");
        var before = DateTimeOffset.UtcNow;
        await network.SetLinkAsync(cut.Host, up: false, Ct);
        try
        {
            var spooledWhileCut = 0;
            await Eventually.TrueAsync(async () =>
            {
                spooledWhileCut = Math.Max(spooledWhileCut, cut.SpoolFiles);
                return spooledWhileCut > 0 && DateTimeOffset.UtcNow - before >= 3 * Interval && await AlertAsync(alerts, "firing", before) is not null;
            }, Patience, () => $"host_silent for {cut.Name} after its link went down (spool {cut.SpoolFiles})", Ct);

            var firing = (await AlertAsync(alerts, "firing", before))!;
            Assert.Equal("warning", (string?)firing["level"]);
            Assert.Equal("", (string?)firing["container_id"]);
        }
        finally
        {
            await network.SetLinkAsync(cut.Host, up: true, Ct);
        }

        await Eventually.TrueAsync(async () => await AllDrainedAsync([cut]), Patience, () => $"{cut.Name}'s spool after the link came back: {cut.SpoolFiles}", Ct);
        await Eventually.TrueAsync(async () => await AlertAsync(alerts, "resolved", before) is not null, Patience,
            () => $"host_silent for {cut.Name} resolved once its spooled batches arrived", Ct);
    }

    private async Task EverySampleIsStoredExactlyOnceAsync(FunctionsHost functions, IReadOnlyList<HostAgent> agents)
    {
        foreach (var agent in agents)
        {
            await agent.PauseAsync(Ct);
        }

        Dictionary<(string Host, long Sequence), int> stored = [];
        var collected = new Dictionary<string, long>();
        await Eventually.TrueAsync(async () =>
        {
            if (!await AllDrainedAsync(agents))
            {
                return false;
            }

            foreach (var agent in agents)
            {
                collected[agent.Name] = await agent.SamplesCollectedAsync(Ct);
            }

            stored = StoredSamples.Count(functions.Storage);
            return agents.All(a => stored.Keys.Count(k => k.Host == a.Name) == collected[a.Name]);
        }, Patience, () => string.Join("; ", agents.Select(a => $"{a.Name}: {stored.Keys.Count(k => k.Host == a.Name)} stored of {collected.GetValueOrDefault(a.Name)} collected")), Ct);

        foreach (var agent in agents)
        {
            var sequences = stored.Keys.Where(k => k.Host == agent.Name).Select(k => k.Sequence).Order().ToList();
            output.WriteLine($"{agent.Name}: {sequences.Count} samples, sequences {sequences.FirstOrDefault()}..{sequences.LastOrDefault()}");
            Assert.True(collected[agent.Name] > 20, $"{agent.Name} collected only {collected[agent.Name]} samples");
            Assert.Equal(Enumerable.Range(1, (int)collected[agent.Name]).Select(n => (long)n), sequences);
        }

        var duplicated = stored.Where(s => s.Value > 1).ToList();
        Assert.True(duplicated.Count == 0, $"{duplicated.Count} samples stored twice, e.g. {duplicated.FirstOrDefault().Key}");
    }

    private static async Task<bool> AllDrainedAsync(IEnumerable<HostAgent> agents)
    {
        foreach (var agent in agents)
        {
            if (agent.SpoolFiles > 0 || (int?)(await agent.StateAsync(Ct))["spool_depth"] != 0)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<JsonNode?> AlertAsync(Uri query, string state, DateTimeOffset after)
        => JsonNode.Parse(await _api.GetStringAsync(query, Ct))!.AsArray()
            .FirstOrDefault(a => (string?)a!["state"] == state && DateTimeOffset.Parse((string)a["timestamp"]!) >= after.AddSeconds(-1));
}
