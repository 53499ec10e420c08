using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using WakeDock.Api.Tests.Support;
using WakeDock.Contracts;
using WakeDock.Functions.Security;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>
/// Scoped API keys on the real host: random scopes × random requests checked against an oracle written apart from the
/// code (regular expressions for the globs), so that a scoped key never reads, counts or tells apart another container.
/// </summary>
public sealed class ScopeTests
{
    private const string Api = "/api/v1/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The containers every world holds; the hot ones (CPU 99 %) raise a critical alert.</summary>
    private static readonly Container[] Universe =
    [
        new("c01shopweb00000001", "shop-web-1", "web", "h1", Hot: true),
        new("c02shopdb000000002", "shop-db-1", "db", "h1", Hot: false),
        new("c03blogweb00000003", "blog-web-1", "web", "h2", Hot: true),
        new("c04blogdb000000004", "blog_db_1", "db", "h2", Hot: false),
        new("c05cache0000000005", "cache", null, "h3", Hot: true),
        new("c06shopwork0000006", "shop-worker-2", "worker", "h3", Hot: false),
        new("c07agent0000000007", "metrics-agent", null, "h1", Hot: false),
        new("c08blogcache000008", "blog-cache-1", "cache", "h2", Hot: true),
    ];

    private static readonly Gen<Scope> ScopeGen =
        from hosts in Subset("h1", "h2", "h3", "h9")
        from services in Subset("web", "db", "cache", "worker", "none")
        from projects in Subset("shop", "blog", "sho")
        from names in Subset("*-web-*", "cache", "blog*", "?hop-*", "shop-db-?", "*agent", "*")
        select new Scope(hosts, services, projects, names);

    private static readonly Gen<Probe> ProbeGen = Gen.OneOf(
        Gen.Constant(new Probe("list", null)),
        Gen.Constant(new Probe("status", null)),
        Gen.Constant(new Probe("statistics", null)),
        Gen.Constant(new Probe("hosts", null)),
        Gen.Constant(new Probe("incidents", null)),
        Gen.Constant(new Probe("alerts", null)),
        Gen.Constant(new Probe("export", null)),
        Gen.Constant(new Probe("metrics", null)),
        Gen.Elements(Universe).Select(c => new Probe("metrics-of", c)),
        Gen.Elements(Universe).Select(c => new Probe("get", c)),
        Gen.Elements(Universe).Select(c => new Probe("get-by-name", c)),
        Gen.Elements(Universe).Select(c => new Probe("logs", c)),
        Gen.Elements(Universe).Select(c => new Probe("alerts-of", c)));

    [Fact]
    public void TheGlobOfTheScopeMatchesAsTheOraclesRegex()
    {
        var text = Gen.Elements("shop-web-1", "blog_db_1", "cache", "a", "", "aaa", "a-b-c", "**", "?x");
        var pattern = Gen.ListOf(Gen.Elements("*", "?", "a", "-", "b", "shop", "c")).Select(parts => string.Concat(parts));
        Check.QuickThrowOnFailure(Prop.ForAll((from p in pattern from t in text select (p, t)).ToArbitrary(),
            pair => WakeDock.Pipeline.Query.ContainerScope.Glob(pair.p, pair.t) == GlobRegex(pair.p).IsMatch(pair.t)));
    }

    [Fact]
    public async Task RandomScopesSeeExactlyTheirContainersOnEveryEndpoint()
    {
        // Each world is one real host with six keys of random scopes (the last one unscoped, the control).
        var worlds = Gen.Sample(Gen.ArrayOf(ScopeGen, 5), size: 10, numberOfSamples: 4);
        foreach (var scopes in worlds)
        {
            var all = scopes.Append(new Scope([], [], [], [])).ToArray();
            await using var app = ApiApplication.Create(Settings(all));
            await IngestUniverseAsync(app);
            using var control = app.Client(KeyOf(all.Length - 1));
            await Eventually.TrueAsync(async () =>
                (await control.GetFromJsonAsync<JsonArray>($"{Api}/alerts?hours=1&state=all", Ct))!.Count >= Universe.Count(c => c.Hot),
                TimeSpan.FromSeconds(20), "the hot containers' alerts");

            var requests = Gen.Sample(Gen.ListOf(from key in Gen.Choose(0, all.Length - 1) from probe in ProbeGen select (key, probe)), size: 40, numberOfSamples: 1)[0];
            foreach (var (key, probe) in requests.Concat(Enumerable.Range(0, all.Length).SelectMany(k => new[] { (k, new Probe("list", null)), (k, new Probe("status", null)) })))
            {
                using var client = app.Client(KeyOf(key));
                await CheckAsync(client, all[key], probe, control);
            }
        }
    }

    [Fact]
    public async Task AnOutOfScopeContainerAnswersAsAnUnknownOne()
    {
        var scope = new Scope(["h1"], [], [], []);
        await using var app = ApiApplication.Create(Settings([scope]));
        await IngestUniverseAsync(app);
        using var client = app.Client(KeyOf(0));

        using var hidden = await client.GetAsync($"{Api}/containers/blog-web-1", Ct);
        using var unknown = await client.GetAsync($"{Api}/containers/no-such-one", Ct);
        using var hiddenLogs = await client.GetAsync($"{Api}/containers/blog-web-1/logs", Ct);
        using var stop = await client.PostAsync($"{Api}/stop?host=h2", null, Ct);
        using var statistics = await client.GetAsync($"{Api}/statistics", Ct);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await WithoutTraceAsync(unknown, "no-such-one"), await WithoutTraceAsync(hidden, "blog-web-1"));
        Assert.Equal(HttpStatusCode.NotFound, hiddenLogs.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, statistics.StatusCode);
        Assert.Equal("application/problem+json", statistics.Content.Headers.ContentType?.MediaType);
        Assert.Contains(app.Logs, line => line.Contains("team-0 (admin, hosts=h1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheWebSocketCarriesOnlyTheKeysContainers()
    {
        var scope = new Scope([], ["web"], [], []);
        await using var app = ApiApplication.Create(Settings([scope]));
        var socket = await ConnectAsync(app, KeyOf(0));
        await SendAsync(socket, """{"action":"subscribe","stream_type":"metrics"}""");
        Assert.Equal("subscribed", (string?)(await ReceiveAsync(socket))["type"]);

        // Out of scope first: when the in-scope sample arrives, the other would have come before it.
        await app.IngestAsync(Sample(Universe[1]));
        await app.IngestAsync(Sample(Universe[4]));
        await app.IngestAsync(Sample(Universe[0]));
        var message = await ReceiveAsync(socket);

        Assert.Equal("metrics_update", (string?)message["type"]);
        Assert.Equal("shop-web-1", (string?)message["data"]!["container_name"]);
        await app.IngestAsync(Sample(Universe[2]));
        Assert.Equal("blog-web-1", (string?)(await ReceiveAsync(socket))["data"]!["container_name"]);
    }

    [Fact]
    public async Task TheSignalRHubCarriesOnlyTheKeysContainers()
    {
        var scope = new Scope([], [], [], ["blog*"]);
        await using var app = ApiApplication.Create(Settings([scope]));
        var batches = System.Threading.Channels.Channel.CreateUnbounded<JsonObject>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/live"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Headers["X-Api-Key"] = KeyOf(0);
            })
            .Build();
        hub.On<JsonObject>("metrics_batch", message => batches.Writer.TryWrite(message));
        await hub.StartAsync(Ct);
        await hub.InvokeAsync<JsonObject>("Subscribe", "metrics", null, Ct);

        await app.IngestAsync(Sample(Universe[0]), Sample(Universe[1]));
        await app.IngestAsync(Sample(Universe[2]), Sample(Universe[3]), Sample(Universe[7]));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        var batch = await batches.Reader.ReadAsync(deadline.Token);

        Assert.Equal(["blog-cache-1", "blog-web-1", "blog_db_1"], Sorted(batch["data"]!.AsArray().Select(s => (string)s!["container_name"]!)));
        Assert.False(batches.Reader.TryRead(out _));
    }

    private static async Task CheckAsync(HttpClient client, Scope scope, Probe probe, HttpClient control)
    {
        var visible = Universe.Where(scope.Sees).Select(c => c.Id).ToHashSet();
        var why = $"{scope} on {probe}";
        switch (probe.Kind)
        {
            case "list":
                Assert.Equal(Sorted(visible), Sorted(Ids(await client.GetFromJsonAsync<JsonObject>($"{Api}/containers", Ct), "containers")));
                break;
            case "status":
                var status = (await client.GetFromJsonAsync<JsonObject>($"{Api}/status", Ct))!["monitoring"]!;
                // monitored: the active ones (a sample within three intervals), as the unscoped key sees them
                var active = Ids(await control.GetFromJsonAsync<JsonObject>($"{Api}/containers?active=true", Ct), "containers").Count(visible.Contains);
                Assert.True(active == (int)status["monitored_containers"]!, why);
                Assert.Equal(Sorted(Universe.Where(c => visible.Contains(c.Id)).Select(c => c.Host).Distinct()),
                    Sorted(status["hosts"]!.AsArray().Select(h => (string)h!["host"]!)));
                break;
            case "hosts":
                var hosts = (await client.GetFromJsonAsync<JsonObject>($"{Api}/hosts", Ct))!["hosts"]!.AsArray();
                // the hosts of its containers, and only those containers counted on each
                Assert.Equal(Sorted(Universe.Where(c => visible.Contains(c.Id)).Select(c => c.Host).Distinct()), Sorted(hosts.Select(h => (string)h!["host"]!)));
                Assert.All(hosts, h => Assert.True(Universe.Count(c => c.Host == (string)h!["host"]! && visible.Contains(c.Id))
                    == (int)h!["active_containers"]! + (int)h["silent_containers"]!, why));
                break;
            case "incidents":
                var incidents = (await client.GetFromJsonAsync<JsonObject>($"{Api}/incidents?hours=1", Ct))!["incidents"]!.AsArray();
                Assert.Equal(Sorted(Universe.Where(c => c.Hot && visible.Contains(c.Id)).Select(c => c.Id)),
                    Sorted(incidents.SelectMany(i => i!["members"]!.AsArray()).Select(m => (string)m!["container_id"]!).Distinct()));
                break;
            case "statistics":
                using (var response = await client.GetAsync($"{Api}/statistics", Ct))
                {
                    Assert.True((scope.IsUnlimited ? HttpStatusCode.OK : HttpStatusCode.Forbidden) == response.StatusCode, why);
                }

                break;
            case "alerts":
                Assert.Equal(Sorted(Universe.Where(c => c.Hot && visible.Contains(c.Id)).Select(c => c.Id)),
                    Sorted(Ids(await client.GetFromJsonAsync<JsonArray>($"{Api}/alerts?hours=1&state=all", Ct)).Distinct()));
                break;
            case "alerts-of":
                var of = Ids(await client.GetFromJsonAsync<JsonArray>($"{Api}/alerts?hours=1&state=all&container_id={probe.Container!.Id}", Ct)).Distinct().ToList();
                Assert.True((probe.Container.Hot && visible.Contains(probe.Container.Id) ? 1 : 0) == of.Count, why);
                break;
            case "export":
                var lines = (await client.GetStringAsync($"{Api}/export/metrics?hours=1&format=ndjson", Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(Sorted(visible), Sorted(lines.Select(l => (string)JsonNode.Parse(l)!["container_id"]!).Distinct()));
                Assert.Equal(visible.Count * 2, lines.Length);
                break;
            case "metrics":
                var samples = await client.GetFromJsonAsync<JsonArray>($"{Api}/metrics?hours=1&limit=3", Ct);
                // the limit cuts after the scope: a scoped key gets as many samples as it may see, up to the limit
                Assert.True(Math.Min(3, visible.Count * 2) == samples!.Count, why);
                Assert.All(Ids(samples), id => Assert.Contains(id, visible));
                break;
            case "metrics-of":
                var own = await client.GetFromJsonAsync<JsonArray>($"{Api}/metrics?hours=1&container_id={probe.Container!.Id}", Ct);
                Assert.True((visible.Contains(probe.Container.Id) ? 2 : 0) == own!.Count, why);
                break;
            case "get":
            case "get-by-name":
                var target = probe.Kind == "get" ? probe.Container!.Id : probe.Container!.Name;
                using (var response = await client.GetAsync($"{Api}/containers/{target}", Ct))
                {
                    Assert.True((visible.Contains(probe.Container.Id) ? HttpStatusCode.OK : HttpStatusCode.NotFound) == response.StatusCode, why);
                }

                break;
            case "logs":
                using (var response = await client.GetAsync($"{Api}/containers/{probe.Container!.Id}/logs", Ct))
                {
                    // No sidecar runs here: a visible container's logs fail further on (503), a hidden one is unknown (404).
                    Assert.True((visible.Contains(probe.Container.Id) ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.NotFound) == response.StatusCode, why);
                }

                break;
        }
    }

    /// <summary>A problem's body with the named id and the trace id taken out: what tells one refusal from another.</summary>
    private static async Task<string> WithoutTraceAsync(HttpResponseMessage response, string id)
    {
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        problem.Remove("trace_id");
        return problem.ToJsonString().Replace(id, "X", StringComparison.Ordinal);
    }

    private static async Task IngestUniverseAsync(WakeDockApplication app)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var host in Universe.GroupBy(c => c.Host))
        {
            await app.IngestAsync([.. host.Select(c => Sample(c, now.AddMinutes(-2)))]);
            await app.IngestAsync([.. host.Select(c => Sample(c, now.AddSeconds(-1)))]);
        }
    }

    private static ContainerSample Sample(Container c, DateTimeOffset? at = null)
        => Batches.SpecSample(at ?? DateTimeOffset.UtcNow.AddSeconds(-1), cpu: c.Hot ? 99 : 5, id: c.Id, name: c.Name, service: c.Service, host: c.Host);

    private static Dictionary<string, string?> Settings(Scope[] scopes)
    {
        var settings = new Dictionary<string, string?> { ["WakeDock:Security:RateLimit:Enabled"] = "false" };
        for (var i = 0; i < scopes.Length; i++)
        {
            var prefix = $"WakeDock:Security:ApiKeys:{i}";
            settings[$"{prefix}:Name"] = $"team-{i}";
            settings[$"{prefix}:Role"] = "Admin";
            settings[$"{prefix}:Hash"] = KeyHash.Of(KeyOf(i));
            foreach (var (list, values) in new[] { ("Hosts", scopes[i].Hosts), ("Services", scopes[i].Services), ("Projects", scopes[i].Projects), ("Containers", scopes[i].Names) })
            {
                for (var v = 0; v < values.Length; v++)
                {
                    settings[$"{prefix}:Scope:{list}:{v}"] = values[v];
                }
            }
        }

        return settings;
    }

    private static string KeyOf(int index) => $"wd-scope-key-{index:00}-5e1f0c7a";

    private static Gen<string[]> Subset(params string[] values)
        => Gen.Frequency((2, Gen.Constant(Array.Empty<string>())), (1, Gen.SubListOf(values).Select(v => v.ToArray())));

    private static IEnumerable<string> Ids(JsonNode? node, string? property = null)
        => (property is null ? node! : node![property]!).AsArray().Select(e => (string)e!["container_id"]!);

    private static List<string> Sorted(IEnumerable<string> values) => [.. values.Order(StringComparer.Ordinal)];

    private static Regex GlobRegex(string pattern)
        => new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.Singleline);

    private static async Task<System.Net.WebSockets.WebSocket> ConnectAsync(WakeDockApplication app, string key)
    {
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers["X-Api-Key"] = key;
        return await client.ConnectAsync(new UriBuilder(app.Server.BaseAddress) { Scheme = "ws", Path = $"{Api}/ws" }.Uri, Ct);
    }

    private static Task SendAsync(System.Net.WebSockets.WebSocket socket, string json)
        => socket.SendAsync(Encoding.UTF8.GetBytes(json), System.Net.WebSockets.WebSocketMessageType.Text, true, Ct);

    private static async Task<JsonObject> ReceiveAsync(System.Net.WebSockets.WebSocket socket)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, deadline.Token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    internal sealed record Container(string Id, string Name, string? Service, string Host, bool Hot);

    internal sealed record Probe(string Kind, Container? Container)
    {
        public override string ToString() => Container is null ? Kind : $"{Kind} {Container.Name}";
    }

    /// <summary>The oracle: each list given must match; projects and name patterns both match the name.</summary>
    internal sealed record Scope(string[] Hosts, string[] Services, string[] Projects, string[] Names)
    {
        public bool IsUnlimited => Hosts.Length + Services.Length + Projects.Length + Names.Length == 0;

        public bool Sees(Container c)
            => (Hosts.Length == 0 || Hosts.Contains(c.Host))
               && (Services.Length == 0 || (c.Service is not null && Services.Contains(c.Service)))
               && (Projects.Length + Names.Length == 0
                   || Projects.Any(p => Regex.IsMatch(c.Name, "^" + Regex.Escape(p) + "[-_]"))
                   || Names.Any(n => GlobRegex(n).IsMatch(c.Name)));

        public override string ToString()
            => $"scope(hosts=[{string.Join(',', Hosts)}] services=[{string.Join(',', Services)}] projects=[{string.Join(',', Projects)}] names=[{string.Join(',', Names)}])";
    }
}
