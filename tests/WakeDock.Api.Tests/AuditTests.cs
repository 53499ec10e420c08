using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using WakeDock.Api.Tests.Support;
using WakeDock.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>The audit trail: each protected request and stream connection as structured log fields and, when enabled, a JSONL line.</summary>
public sealed class AuditTests
{
    private const string Api = "/api/v1/monitoring";
    private const string ScopedKey = "wd-audit-scoped-4c6e8a0b2d4f6a8c";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(bool file) => Keys.Configured(new()
    {
        ["WakeDock:Security:ApiKeys:2:Name"] = "team-blog",
        ["WakeDock:Security:ApiKeys:2:Role"] = "Reader",
        ["WakeDock:Security:ApiKeys:2:Hash"] = KeyHash.Of(ScopedKey),
        ["WakeDock:Security:ApiKeys:2:Scope:Services:0"] = "web",
        ["WakeDock:Security:ApiKeys:2:Scope:Containers:0"] = "blog-*",
        ["WakeDock:Security:Audit:Enabled"] = file ? "true" : "false",
    });

    [Fact]
    public async Task EachProtectedRequestIsLoggedWithItsCallerScopeClientRouteAndStatus()
    {
        await using var app = ApiApplication.Create(Settings(file: false));
        using var scoped = app.Client(ScopedKey);
        using var anonymous = app.Client();
        using var hidden = await scoped.GetAsync($"{Api}/containers/shop-web-1", Ct);
        using var refused = await anonymous.GetAsync($"{Api}/status", Ct);
        using var open = await anonymous.GetAsync("/health", Ct);

        var entries = app.Records.Where(r => r.Category == AuditTrail.Category).Select(r => r.Fields).ToList();
        var lookup = Assert.Single(entries, e => (string?)e["Route"] == $"{Api}/containers/{{id}}");
        Assert.Equal("request", lookup["AuditKind"]);
        Assert.Equal("team-blog", lookup["Caller"]);
        Assert.Equal("reader", lookup["Role"]);
        Assert.Equal("services=web containers=blog-*", lookup["Scope"]);
        Assert.Equal("key", lookup["AuthMethod"]);
        Assert.Equal("GET", lookup["Method"]);
        Assert.Equal($"{Api}/containers/shop-web-1", lookup["Path"]);
        Assert.Equal(404, lookup["Status"]);
        Assert.False(string.IsNullOrEmpty((string?)lookup["Client"]));
        var refusal = Assert.Single(entries, e => (string?)e["Route"] == $"{Api}/status");
        Assert.Equal("-", refusal["Caller"]);
        Assert.Equal("none", refusal["AuthMethod"]);
        Assert.Equal(401, refusal["Status"]);
        Assert.DoesNotContain(entries, e => (string?)e["Path"] == "/health");
        Assert.DoesNotContain(app.Logs, line => line.Contains(ScopedKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithTheFileOnEveryEntryIsAppendedToTheDaysAuditFileStreamsIncluded()
    {
        await using var app = ApiApplication.Create(Settings(file: true));
        using var client = app.Client();
        var token = JsonNode.Parse(await (await SendAsync(client, HttpMethod.Post, "/api/v1/auth/token", r => r.Headers.Add("X-Api-Key", Keys.Admin))).Content.ReadAsStringAsync(Ct))!["access_token"]!.GetValue<string>();
        using var status = await SendAsync(client, HttpMethod.Get, $"{Api}/status", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
        var ws = app.Server.CreateWebSocketClient();
        ws.ConfigureRequest = r => r.Headers["X-Api-Key"] = ScopedKey;
        using (var socket = await ws.ConnectAsync(new UriBuilder(app.Server.BaseAddress) { Scheme = "ws", Path = $"{Api}/ws" }.Uri, Ct))
        {
            await Eventually.TrueAsync(() => app.Records.Any(r => r.Category == AuditTrail.Category && (string?)r.Fields["AuditKind"] == "stream_open"), "the stream's audit entry", 20);
        }

        await app.Service<AuditFile>().FlushAsync(Ct);
        var file = Path.Combine(app.DataPath, "metrics", AuditFile.FileName(DateOnly.FromDateTime(DateTime.UtcNow)));
        var text = await File.ReadAllTextAsync(file, Ct);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        var exchange = Assert.Single(lines, l => (string?)l["route"] == "/api/v1/auth/token");
        Assert.Equal("ops", (string?)exchange["caller"]);
        Assert.Equal("admin", (string?)exchange["role"]);
        Assert.Equal("key", (string?)exchange["auth_method"]);
        Assert.Equal(200, (int)exchange["status"]!);
        var withToken = Assert.Single(lines, l => (string?)l["route"] == $"{Api}/status");
        Assert.Equal("ops", (string?)withToken["caller"]);
        Assert.Equal("token", (string?)withToken["auth_method"]);
        Assert.Equal("all", (string?)withToken["scope"]);
        var stream = Assert.Single(lines, l => (string?)l["kind"] == "stream_open");
        Assert.Equal("team-blog", (string?)stream["caller"]);
        Assert.Equal("services=web containers=blog-*", (string?)stream["scope"]);
        Assert.Equal($"{Api}/ws", (string?)stream["path"]);
        Assert.Equal(101, (int)stream["status"]!);
        Assert.DoesNotContain(Keys.Admin, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ScopedKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRetentionOfSamplesDeletesOldAuditDays()
    {
        await using var app = ApiApplication.Create(Settings(file: true));
        var folder = Path.Combine(app.DataPath, "metrics");
        Directory.CreateDirectory(folder);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var old = Path.Combine(folder, AuditFile.FileName(today.AddDays(-8)));
        var kept = Path.Combine(folder, AuditFile.FileName(today.AddDays(-7)));
        await File.WriteAllTextAsync(old, "{}\n", Ct);
        await File.WriteAllTextAsync(kept, "{}\n", Ct);

        await app.Services.GetServices<ITimerFunction>().OfType<RetentionFunction>().Single().RunAsync(Ct);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(kept));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Action<HttpRequestMessage> present)
    {
        using var request = new HttpRequestMessage(method, path);
        present(request);
        return await client.SendAsync(request, Ct);
    }
}
