using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using WakeDock.Functions.Live;
using WakeDock.Live.Tests.Support;
using WakeDock.Pipeline.Live;
using WakeDock.Testing;
using Samples = WakeDock.Live.Tests.Support.Samples;

namespace WakeDock.Live.Tests.Streams;

/// <summary>The spec's raw WebSocket endpoint on a real Kestrel socket: subscriptions, filters, errors, limits.</summary>
public sealed class WebSocketEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string A = Samples.Hex('a'), B = Samples.Hex('b'), C = Samples.Hex('c');

    private static string Subscribe(string stream, string filters = "null")
        => $$"""{"action":"subscribe","stream_type":"{{stream}}","filters":{{filters}}}""";

    [Fact]
    public async Task AClientReceivesOnlyTheContainersItSubscribedTo()
    {
        await using var host = LiveHost.Create();
        await using var client = await host.ConnectAsync();
        await client.SendAsync(Subscribe("metrics", $$"""{"container_ids":["{{A}}"]}"""));
        var (subscribed, _) = await client.ReceiveUntilAsync("subscribed");

        await host.IngestAsync(Samples.Of(B, "other", 11), Samples.Of(A, "wanted", 42.5), Samples.Of(C, "third", 12));
        await host.IngestAsync(Samples.Of(B, "other", 13), Samples.Of(A, "wanted", 43.5));
        var first = (await client.ReceiveUntilAsync("metrics_update")).Match;
        var second = (await client.ReceiveUntilAsync("metrics_update")).Match;
        await client.SendAsync("""{"action":"ping"}""");
        var (_, between) = await client.ReceiveUntilAsync("pong");

        Assert.Equal("metrics", (string?)subscribed["data"]!["stream_type"]);
        Assert.Equal([A], subscribed["data"]!["filters"]!["container_ids"]!.AsArray().Select(v => (string?)v));
        Assert.Equal((A, "wanted", 42.5), ((string?)first["data"]!["container_id"], (string?)first["data"]!["container_name"], (double)first["data"]!["cpu_percent"]!));
        Assert.Equal((A, 43.5), ((string?)second["data"]!["container_id"], (double)second["data"]!["cpu_percent"]!));
        Assert.Equal(9.8, (double)first["data"]!["memory_percent"]!);
        Assert.True(DateTimeOffset.TryParse((string?)first["timestamp"], out _));
        Assert.Empty(between);
    }

    [Fact]
    public async Task ServiceAndHostFiltersMustBothMatch()
    {
        await using var host = LiveHost.Create();
        await using var client = await host.ConnectAsync();
        await client.SendAsync(Subscribe("metrics", """{"service_names":["db"],"hosts":["host-2"]}"""));
        await client.ReceiveUntilAsync("subscribed");

        await host.IngestAsync(Samples.Of(A, "db-on-1", 1, service: "db", host: "host-1"));
        await host.IngestAsync(Samples.Of(B, "web-on-2", 2, service: "web", host: "host-2"), Samples.Of(C, "db-on-2", 3, service: "db", host: "host-2"));
        var update = (await client.ReceiveUntilAsync("metrics_update")).Match;
        await client.SendAsync("""{"action":"ping"}""");
        var (_, rest) = await client.ReceiveUntilAsync("pong");

        Assert.Equal("db-on-2", (string?)update["data"]!["container_name"]);
        Assert.Empty(rest);
    }

    [Fact]
    public async Task AlertSubscribersGetOnlyTheLevelsTheyAskedFor()
    {
        await using var host = LiveHost.Create();
        await using var critical = await host.ConnectAsync();
        await using var everything = await host.ConnectAsync();
        await critical.SendAsync(Subscribe("alerts", """{"alert_levels":["critical"]}"""));
        await everything.SendAsync(Subscribe("alerts"));
        await critical.ReceiveUntilAsync("subscribed");
        await everything.ReceiveUntilAsync("subscribed");

        // Defaults: CPU warning at 70 %, critical at 90 %.
        await host.IngestAsync(Samples.Of(A, "warm", 75), Samples.Of(B, "hot", 97));
        var onlyCritical = (await critical.ReceiveUntilAsync("alert")).Match;
        var all = new[] { (await everything.ReceiveUntilAsync("alert")).Match, (await everything.ReceiveUntilAsync("alert")).Match };
        await critical.SendAsync("""{"action":"ping"}""");
        var (_, more) = await critical.ReceiveUntilAsync("pong");

        Assert.Equal(("critical", "hot", "firing", "fired"), ((string?)onlyCritical["data"]!["level"], (string?)onlyCritical["data"]!["container_name"], (string?)onlyCritical["data"]!["state"], (string?)onlyCritical["change"]));
        Assert.Equal(97, (double)onlyCritical["data"]!["value"]!);
        Assert.StartsWith("CPU critique", (string?)onlyCritical["data"]!["message"], StringComparison.Ordinal);
        Assert.Equal(["critical", "warning"], all.Select(a => (string?)a["data"]!["level"]).Order());
        Assert.Empty(more);
    }

    [Fact]
    public async Task SystemStatusComesOnSubscribeAndThenEveryInterval()
    {
        await using var host = LiveHost.Create(new Dictionary<string, string?> { ["WakeDock:Streams:StatusIntervalSeconds"] = "1" });
        await host.IngestAsync(Samples.Of(A, "one", 5));
        await using var client = await host.ConnectAsync();
        await client.SendAsync("""{"action":"subscribe","stream_type":"system_status"}""");

        var first = (await client.ReceiveUntilAsync("system_status")).Match;
        var second = (await client.ReceiveUntilAsync("system_status", TimeSpan.FromSeconds(15))).Match;

        Assert.Equal("distributed", (string?)first["data"]!["monitoring"]!["mode"]);
        Assert.Equal(1, (int)first["data"]!["websocket"]!["active_connections"]!);
        Assert.Equal("host-1", (string?)first["data"]!["monitoring"]!["hosts"]![0]!["host"]);
        Assert.True(DateTimeOffset.Parse((string)second["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse((string)first["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("not json", "message")]
    [InlineData("""["subscribe"]""", "message")]
    [InlineData("""{"stream_type":"metrics"}""", "action")]
    [InlineData("""{"action":"listen","stream_type":"metrics"}""", "action")]
    [InlineData("""{"action":"subscribe"}""", "stream_type")]
    [InlineData("""{"action":"subscribe","stream_type":"logs"}""", "stream_type")]
    [InlineData("""{"action":"subscribe","stream_type":"metrics","filters":{"containers":["x"]}}""", "filters.containers")]
    [InlineData("""{"action":"subscribe","stream_type":"metrics","filters":{"container_ids":"abc"}}""", "filters.container_ids")]
    [InlineData("""{"action":"subscribe","stream_type":"metrics","filters":{"container_ids":[""]}}""", "filters.container_ids")]
    [InlineData("""{"action":"subscribe","stream_type":"alerts","filters":{"alert_levels":["info"]}}""", "filters.alert_levels")]
    [InlineData("""{"action":"subscribe","stream_type":"metrics","filters":[]}""", "filters")]
    [InlineData("""{"action":"subscribe","stream_type":"metrics","extra":1}""", "extra")]
    public async Task AMalformedMessageIsAnsweredWithTheFieldAtFaultAndTheStreamStaysOpen(string message, string field)
    {
        await using var host = LiveHost.Create();
        await using var client = await host.ConnectAsync();

        await client.SendAsync(message);
        var error = await client.ReceiveAsync();
        await client.SendAsync("""{"action":"ping"}""");
        var pong = await client.ReceiveAsync();

        Assert.Equal("error", (string?)error!["type"]);
        Assert.Equal("invalid_message", (string?)error["data"]!["code"]);
        Assert.Equal(field, (string?)error["data"]!["field"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["data"]!["message"]));
        Assert.Equal("pong", (string?)pong!["type"]);
    }

    [Fact]
    public async Task AMessageOverTheLimitClosesTheStreamAsTooBig()
    {
        await using var host = LiveHost.Create();
        await using var client = await host.ConnectAsync();

        await client.SendAsync(Subscribe("metrics", $$"""{"container_ids":["{{new string('x', 20_000)}}"]}"""));
        var closed = await client.ReceiveAsync();

        Assert.Null(closed);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task TheClientBeyondTheLimitIsRefusedWithAReason()
    {
        await using var host = LiveHost.Create(new Dictionary<string, string?> { ["WakeDock:Streams:MaxClients"] = "2" });
        await using var one = await host.ConnectAsync();
        await using var two = await host.ConnectAsync();
        await using var three = await host.ConnectAsync();

        var refusal = await three.ReceiveAsync();
        var closed = await three.ReceiveAsync();
        using var http = host.CreateClient();
        var status = await http.GetFromJsonAsync<JsonObject>("/api/v1/monitoring/status", Ct);

        Assert.Equal("too_many_clients", (string?)refusal!["data"]!["code"]);
        Assert.Contains("at most 2 clients", (string?)refusal["data"]!["message"], StringComparison.Ordinal);
        Assert.Null(closed);
        Assert.Equal(1013, (int)three.Socket.CloseStatus!);
        Assert.Contains("too many clients", three.Socket.CloseStatusDescription, StringComparison.Ordinal);
        Assert.Equal(2, (int)status!["websocket"]!["active_connections"]!);
        Assert.Equal(2, (long)status["websocket"]!["total_connections"]!);
    }

    [Fact]
    public async Task AClientThatLeavesPingsUnansweredIsDisconnected()
    {
        await using var host = LiveHost.Create(new Dictionary<string, string?>
        {
            ["WakeDock:Streams:PingIntervalSeconds"] = "1",
            ["WakeDock:Streams:ClientTimeoutSeconds"] = "3",
        });
        var clients = host.Service<StreamClients>();
        // Never reading: the client's socket never sees the server's pings, so it never answers them.
        await using var silent = await host.ConnectAsync();
        await WaitAsync(() => clients.Counts.ActiveConnections == 1, "the client to be admitted");

        await WaitAsync(() => clients.Counts.ActiveConnections == 0, "the silent client to be dropped", TimeSpan.FromSeconds(30));

        Assert.Equal(1, clients.Counts.TotalConnections);
    }

    [Fact]
    public async Task AReadingClientStaysConnectedAcrossManyPings()
    {
        await using var host = LiveHost.Create(new Dictionary<string, string?>
        {
            ["WakeDock:Streams:PingIntervalSeconds"] = "1",
            ["WakeDock:Streams:ClientTimeoutSeconds"] = "3",
            ["WakeDock:Streams:StatusIntervalSeconds"] = "1",
        });
        await using var client = await host.ConnectAsync();
        await client.SendAsync("""{"action":"subscribe","stream_type":"system_status"}""");

        for (var i = 0; i < 6; i++)
        {
            await client.ReceiveUntilAsync("system_status", TimeSpan.FromSeconds(15));
        }

        Assert.Equal(WebSocketState.Open, client.Socket.State);
        Assert.Equal(1, host.Service<StreamClients>().Counts.ActiveConnections);
    }

    [Fact]
    public async Task WithKeysConfiguredTheUpgradeNeedsOneAndAnUnknownOriginIsRefused()
    {
        await using var host = LiveHost.Create(Keys.Configured(new() { ["WakeDock:Security:CorsOrigins:0"] = "https://dash.example.com" }));

        var noKey = await Assert.ThrowsAsync<WebSocketException>(() => host.ConnectAsync());
        var foreign = await Assert.ThrowsAsync<WebSocketException>(() => host.ConnectAsync(Keys.Reader, origin: "https://evil.example.com"));
        await using var allowed = await host.ConnectAsync(Keys.Reader, origin: "https://dash.example.com");
        await using var sameOrigin = await host.ConnectAsync(Keys.Reader, origin: $"http://{host.BaseAddress.Authority}");
        await using var script = await host.ConnectAsync(Keys.Reader);
        using var plain = host.CreateClient();
        plain.DefaultRequestHeaders.Add("X-Api-Key", Keys.Reader);
        using var notUpgrade = await plain.GetAsync("/api/v1/monitoring/ws", Ct);
        var problem = await notUpgrade.Content.ReadFromJsonAsync<JsonObject>(Ct);

        Assert.Contains("401", noKey.Message, StringComparison.Ordinal);
        Assert.Contains("403", foreign.Message, StringComparison.Ordinal);
        Assert.Equal(3, host.Service<StreamClients>().Counts.ActiveConnections);
        Assert.Equal(HttpStatusCode.BadRequest, notUpgrade.StatusCode);
        Assert.Equal("Upgrade", (string?)problem!["field"]);
    }

    [Fact]
    public async Task TheStatusCountsConnectionsAndMessagesSent()
    {
        await using var host = LiveHost.Create();
        await using (var gone = await host.ConnectAsync())
        {
            await gone.SendAsync("""{"action":"ping"}""");
            await gone.ReceiveUntilAsync("pong");
        }

        await using var client = await host.ConnectAsync();
        await client.SendAsync(Subscribe("metrics"));
        await client.ReceiveUntilAsync("subscribed");
        await host.IngestAsync(Samples.Of(A, "a", 1), Samples.Of(B, "b", 2));
        await client.ReceiveUntilAsync("metrics_update");
        await client.ReceiveUntilAsync("metrics_update");
        using var http = host.CreateClient();

        var counts = host.Service<StreamClients>();
        await WaitAsync(() => counts.Counts is { ActiveConnections: 1, MessagesSent: 4 }, "the first client to be gone and the messages counted");
        var websocket = (await http.GetFromJsonAsync<JsonObject>("/api/v1/monitoring/status", Ct))!["websocket"]!;

        Assert.Equal(1, (int)websocket["active_connections"]!);
        Assert.Equal(2, (long)websocket["total_connections"]!);
        Assert.Equal(4, (long)websocket["messages_sent"]!);
    }

    private static Task WaitAsync(Func<bool> condition, string what, TimeSpan? within = null)
        => Eventually.TrueAsync(condition, $"waited for {what}", seconds: (int)(within ?? TimeSpan.FromSeconds(10)).TotalSeconds);
}

/// <summary>A dashboard deployed as static files on another origin reaches the hub through CORS.</summary>
public sealed class HubCorsTests
{
    [Fact]
    public async Task TheHubsNegotiateAnswersAPreflightFromAConfiguredOriginWithTheSignalRHeaders()
    {
        await using var host = LiveHost.Create(Keys.Configured(new() { ["WakeDock:Security:CorsOrigins:0"] = "https://dash.example.com" }));
        using var http = host.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/hubs/live/negotiate?negotiateVersion=1");
        preflight.Headers.Add("Origin", "https://dash.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,x-requested-with,x-signalr-user-agent");
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", "https://dash.example.com");
        negotiate.Headers.Add("Authorization", $"Bearer {Keys.Reader}");

        using var answer = await http.SendAsync(preflight, TestContext.Current.CancellationToken);
        using var negotiated = await http.SendAsync(negotiate, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("https://dash.example.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-signalr-user-agent", allowed, StringComparison.Ordinal);
        Assert.Contains("x-requested-with", allowed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal("https://dash.example.com", negotiated.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
