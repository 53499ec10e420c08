using System.Net.Http.Headers;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WakeDock.Api.Tests.Support;
using WakeDock.Functions.Hosting;
using WakeDock.Pipeline.Hosting;
using WakeDock.Pipeline.Options;
using WakeDock.Functions.Security;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>API keys and roles, the rate limit, CORS, headers, and the loopback-only rule without keys.</summary>
public sealed class SecurityTests
{
    private const string Api = "/api/v1/monitoring";
    private const string Threshold = """{"metric_type":"cpu_percent","warning_threshold":75.0,"critical_threshold":90.0,"enabled":true}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task WithKeysAReaderReadsAndOnlyAnAdminChanges()
    {
        await using var app = ApiApplication.Create(Keys.Configured());
        using var anonymous = app.Client();
        using var reader = app.Client(Keys.Reader);
        using var admin = app.Client(Keys.Admin);

        using var noKey = await anonymous.GetAsync($"{Api}/status", Ct);
        using var readerGets = await reader.GetAsync($"{Api}/status", Ct);
        using var readerPuts = await reader.PutAsync($"{Api}/thresholds/cpu_percent", Body(Threshold), Ct);
        using var readerStops = await reader.PostAsync($"{Api}/stop", null, Ct);
        using var readerDeletes = await reader.DeleteAsync($"{Api}/thresholds/cpu_percent", Ct);
        using var adminPuts = await admin.PutAsync($"{Api}/thresholds/cpu_percent", Body(Threshold), Ct);
        using var adminGets = await admin.GetAsync($"{Api}/thresholds", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("Bearer realm=\"wakedock\"", noKey.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Authorization", JsonNode.Parse(await noKey.Content.ReadAsStringAsync(Ct))!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, readerGets.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerPuts.StatusCode);
        Assert.Equal("application/problem+json", readerPuts.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, readerStops.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerDeletes.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminPuts.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminGets.StatusCode);
        Assert.Equal(75, app.Service<WakeDock.Pipeline.Thresholds.ThresholdStore>().Get(WakeDock.Contracts.MetricType.CpuPercent).WarningThreshold);
    }

    [Fact]
    public async Task TheKeyGoesInEitherHeaderAndAWrongOneIsRefused()
    {
        await using var app = ApiApplication.Create(Keys.Configured());
        using var client = app.Client();

        using var xApiKey = await Send(client, $"{Api}/containers", r => r.Headers.Add("X-Api-Key", Keys.Reader));
        using var bearer = await Send(client, $"{Api}/containers", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys.Reader));
        using var wrong = await Send(client, $"{Api}/containers", r => r.Headers.Add("X-Api-Key", Keys.Reader + "x"));
        using var basic = await Send(client, $"{Api}/containers", r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Keys.Reader));
        using var inQuery = await Send(client, $"{Api}/containers?access_token={Keys.Reader}", _ => { });

        Assert.Equal(HttpStatusCode.OK, xApiKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not valid", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
    }

    [Fact]
    public async Task TheQueryStringKeyIsTakenOnAWebSocketUpgradeOnly()
    {
        await using var app = ApiApplication.Create(Keys.Configured());
        using var client = app.Client();

        using var upgrade = await Send(client, $"{Api}/status?access_token={Keys.Reader}", r =>
        {
            r.Headers.Connection.Add("Upgrade");
            r.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        });
        using var wrongUpgrade = await Send(client, $"{Api}/status?access_token=nope", r =>
        {
            r.Headers.Connection.Add("Upgrade");
            r.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        });

        Assert.Equal(HttpStatusCode.OK, upgrade.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongUpgrade.StatusCode);
    }

    [Fact]
    public async Task KeysAreNeverLoggedOnlyTheirNames()
    {
        await using var app = ApiApplication.Create(Keys.Configured());
        using var client = app.Client();
        await Send(client, $"{Api}/status", r => r.Headers.Add("X-Api-Key", Keys.Admin));
        await Send(client, $"{Api}/status", r => r.Headers.Add("X-Api-Key", "a-wrong-key-that-must-not-be-logged"));
        await Send(client, $"{Api}/status?access_token={Keys.Reader}", r =>
        {
            r.Headers.Connection.Add("Upgrade");
            r.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        });
        await app.DisposeAsync();

        var logs = string.Join('\n', app.Logs);
        Assert.Contains("ops (admin), grafana (reader)", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Keys.Admin, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Keys.Reader, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-key-that-must-not-be-logged", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LivenessAndTheOpenApiDocumentNeedNoKey()
    {
        await using var app = ApiApplication.Create(Keys.Configured());
        using var client = app.Client();

        using var health = await client.GetAsync("/health", Ct);
        using var openApi = await client.GetAsync("/openapi/v1.json", Ct);
        using var detailed = await client.GetAsync("/api/health", Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", JsonNode.Parse(await health.Content.ReadAsStringAsync(Ct))!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, detailed.StatusCode);
    }

    [Fact]
    public async Task TheRateLimitTripsAtTheConfiguredRatePerKey()
    {
        await using var app = ApiApplication.Create(Keys.Configured(new()
        {
            ["WakeDock:Security:RateLimit:PermitsPerSecond"] = "2",
            ["WakeDock:Security:RateLimit:Burst"] = "5",
        }));
        using var reader = app.Client(Keys.Reader);
        using var admin = app.Client(Keys.Admin);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await reader.GetAsync($"{Api}/containers", Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
        }

        using var otherKey = await admin.GetAsync($"{Api}/containers", Ct);
        using var liveness = await reader.GetAsync("/health", Ct);

        // five in the bucket, at most a refill of two more if a second passed meanwhile
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.OK), 5, 7);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.NotNull(refused);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 2);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);

        // the framework's token bucket refills on its own clock: wait for the refill, bounded
        await Eventually.TrueAsync(async () =>
        {
            using var afterAWhile = await reader.GetAsync($"{Api}/containers", Ct);
            return afterAWhile.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(5), "an answer once the bucket refilled");
        var statistics = JsonNode.Parse(await admin.GetStringAsync($"{Api}/statistics", Ct))!;
        Assert.True(statistics["api_rate_limited_total"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task CorsAllowsTheConfiguredOriginsOnly()
    {
        await using var app = ApiApplication.Create(Keys.Configured(new() { ["WakeDock:Security:CorsOrigins:0"] = "https://dash.example.com" }));
        using var client = app.Client();

        using var allowed = await Send(client, $"{Api}/status", r => Preflight(r, "https://dash.example.com"), HttpMethod.Options);
        using var other = await Send(client, $"{Api}/status", r => Preflight(r, "https://evil.example.com"), HttpMethod.Options);
        using var simple = await Send(client, $"{Api}/status", r =>
        {
            r.Headers.Add("Origin", "https://dash.example.com");
            r.Headers.Add("X-Api-Key", Keys.Reader);
        });

        Assert.Equal("https://dash.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-api-key", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://dash.example.com", simple.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public void TheSpecsCorsVariableBecomesTheAllowList()
    {
        var configuration = new ConfigurationBuilder()
            .AddSpecEnvironmentVariables(new Dictionary<string, string?> { ["WAKEDOCK_CORS_ORIGINS"] = "https://a.example.com, http://localhost:5173" })
            .Build();

        var options = configuration.GetSection(WakeDock.Pipeline.Options.SecurityOptions.Section).Get<WakeDock.Pipeline.Options.SecurityOptions>()!;

        Assert.Equal(["https://a.example.com", "http://localhost:5173"], options.CorsOrigins);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://dash.example.com/")]
    [InlineData("https://dash.example.com/app")]
    [InlineData("ftp://dash.example.com")]
    public void AnOriginThatIsNotOneIsRefused(string origin)
    {
        var options = new WakeDock.Pipeline.Options.SecurityOptions();
        options.CorsOrigins.Add(origin);

        var result = new SecurityOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("WAKEDOCK_CORS_ORIGINS", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyInClearIsRefusedAtStartUp()
    {
        var options = new WakeDock.Pipeline.Options.SecurityOptions();
        options.ApiKeys.Add(new WakeDock.Pipeline.Options.ApiKeyOptions { Name = "ops", Hash = "my-secret-key" });

        var result = new SecurityOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("WakeDock:Security:ApiKeys:0:Hash", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret-key", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAnswerCarriesTheSecurityHeaders()
    {
        await using var app = ApiApplication.Create(Keys.Configured());
        using var client = app.Client(Keys.Reader);

        foreach (var path in new[] { $"{Api}/status", $"{Api}/nowhere", $"{Api}/alerts?level=x", "/health", "/" })
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Server"));
        }
    }

    [Fact]
    public async Task WithoutKeysTheHostRefusesToListenBeyondLoopbackAndSaysSo()
    {
        var port = FreePort.Next();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartPlainHostAsync($"http://0.0.0.0:{port}", []));
        var anyAddress = await Assert.ThrowsAsync<InvalidOperationException>(() => StartPlainHostAsync($"http://*:{port}", []));

        Assert.Contains("refuses to listen on 0.0.0.0", refused.Message, StringComparison.Ordinal);
        Assert.Contains("WakeDock:Security:ApiKeys", refused.Message, StringComparison.Ordinal);
        Assert.Contains("every address", anyAddress.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutKeysTheHostListensOnLoopbackOpenAndSaysSo()
    {
        var port = FreePort.Next();
        var logs = await StartPlainHostAsync($"http://127.0.0.1:{port}", [], async () =>
        {
            using var client = new HttpClient();
            var status = await client.GetAsync($"http://127.0.0.1:{port}{Api}/status", Ct);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        });

        Assert.Contains(logs, l => l.Contains("No API key configured", StringComparison.Ordinal) && l.Contains("loopback", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("No APP_API_TOKEN and no agent key configured", StringComparison.Ordinal) && l.Contains("loopback callers only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithKeysTheHostListensOnEveryAddressAndAsksForThem()
    {
        var port = FreePort.Next();
        await StartPlainHostAsync($"http://0.0.0.0:{port}", Keys.Configured(new() { ["WakeDock:Ingest:AppApiToken"] = "sidecar-token" }), async () =>
        {
            using var client = new HttpClient();
            using var status = await client.GetAsync($"http://127.0.0.1:{port}{Api}/status", Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        });
    }

    [Fact]
    public async Task WithKeysButAnOpenIngestTheHostRefusesToListenBeyondLoopbackAndNamesTheSettings()
    {
        var port = FreePort.Next();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartPlainHostAsync($"http://0.0.0.0:{port}", Keys.Configured()));
        var anonymousApi = await Assert.ThrowsAsync<InvalidOperationException>(() => StartPlainHostAsync($"http://0.0.0.0:{port}",
            new() { ["WakeDock:Security:AllowAnonymousNonLoopback"] = "true" }));

        Assert.Contains($"refuses to listen on 0.0.0.0:{port} with its ingest open", refused.Message, StringComparison.Ordinal);
        Assert.Contains("APP_API_TOKEN", refused.Message, StringComparison.Ordinal);
        Assert.Contains("WakeDock:Ingest:AgentKeys", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no API key configured", refused.Message, StringComparison.Ordinal);
        Assert.Contains("with its ingest open", anonymousApi.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnAgentKeyTheIngestIsClosedToAnonymousCallersOnEveryAddress()
    {
        var port = FreePort.Next();
        var logs = await StartPlainHostAsync($"http://0.0.0.0:{port}", Keys.Configured(new() { ["WakeDock:Ingest:AgentKeys:0"] = KeyHash.Of("agent-key") }), async () =>
        {
            using var client = new HttpClient();
            using var anonymous = await client.PostAsync($"http://127.0.0.1:{port}{Contracts.PipelineNames.IngestRoute}",
                new StringContent("{}", Encoding.UTF8, Contracts.CloudEventTypes.MediaType), Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        });

        Assert.Contains(logs, l => l.Contains("binding routes protected: the sidecar's token (APP_API_TOKEN) not set, agent keys 1", StringComparison.Ordinal));
    }

    /// <summary>The host as Program builds it, on real Kestrel; returns its log lines once stopped.</summary>
    private static async Task<List<string>> StartPlainHostAsync(string urls, Dictionary<string, string?> settings, Func<Task>? whileRunning = null)
    {
        var folder = Directory.CreateTempSubdirectory("wakedock-api-plain-").FullName;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        try
        {
            var builder = WebApplication.CreateBuilder(["--urls", urls]);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
            {
                ["WakeDock:Storage:Path"] = folder,
                ["WakeDock:Timers:UseInternalSchedule"] = "false",
                ["WakeDock:EmbeddedAgent:Enabled"] = "false",
            });
            builder.AddWakeDockFunctions();
            builder.Logging.AddProvider(new CollectingLoggerProvider(lines));
            await using var app = builder.Build();
            app.MapWakeDockFunctions();
            await app.StartAsync(Ct);
            try
            {
                await (whileRunning?.Invoke() ?? Task.CompletedTask);
            }
            finally
            {
                await app.StopAsync(Ct);
            }

            return [.. lines];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Preflight(HttpRequestMessage request, string origin)
    {
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string path, Action<HttpRequestMessage> configure, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        configure(request);
        return await client.SendAsync(request, Ct);
    }
}
