using System.Collections.Concurrent;
using Microsoft.Playwright;
using WakeDock.Functions.Security;
using WakeDock.Testing;

namespace WakeDock.Dashboard.Tests;

/// <summary>
/// The dashboard on a host with keys, in headless Chromium: the key from the session is exchanged for short-lived tokens,
/// renewed before they end; only a token ever reaches a URL (the hub's WebSocket), and the page stays live.
/// </summary>
public sealed class DashboardTokenTests(DockerFixture docker, BrowserFixture browser) : IClassFixture<DockerFixture>, IClassFixture<BrowserFixture>
{
    private const string Key = "wd-dashboard-reader-0c2e4a6b8d1f3a5c";

    private static readonly PageWaitForFunctionOptions Waiting = new() { Timeout = 45_000 };

    [Fact]
    public async Task TheDashboardUsesRenewedTokensAndNeverPutsTheKeyInAUrl()
    {
        docker.Require();
        browser.Require();
        await using var host = DashboardHost.Create(docker.DockerHost, new Dictionary<string, string?>
        {
            ["WakeDock:Security:ApiKeys:0:Name"] = "wall-screen",
            ["WakeDock:Security:ApiKeys:0:Role"] = "Reader",
            ["WakeDock:Security:ApiKeys:0:Hash"] = KeyHash.Of(Key),
            // six seconds: renewals come within the test (a token is renewed at 80 % of its life)
            ["WakeDock:Security:Tokens:LifetimeMinutes"] = "0.1",
        });
        var page = await browser.NewPageAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        var urls = new ConcurrentQueue<string>();
        var tokenRequests = new ConcurrentQueue<IRequest>();
        var sockets = new ConcurrentQueue<string>();
        var apiRequests = new ConcurrentQueue<IRequest>();
        page.Request += (_, request) =>
        {
            urls.Enqueue(request.Url);
            if (request.Url.EndsWith("/api/v1/auth/token", StringComparison.Ordinal))
            {
                tokenRequests.Enqueue(request);
            }
            else if (request.Url.Contains("/api/v1/monitoring/", StringComparison.Ordinal))
            {
                apiRequests.Enqueue(request);
            }
        };
        page.WebSocket += (_, socket) => sockets.Enqueue(socket.Url);
        try
        {
            await page.Context.AddInitScriptAsync($"sessionStorage.setItem('wakedock.apiKey', '{Key}')");
            await page.GotoAsync(host.Url);
            await page.WaitForFunctionAsync("() => document.getElementById('connection').dataset.state === 'connected'", null, Waiting);
            await Eventually.TrueAsync(() => tokenRequests.Count >= 3, "two renewals of the dashboard's token", seconds: 30);
            await page.WaitForFunctionAsync("() => document.getElementById('connection').dataset.state === 'connected'", null, Waiting);

            var first = tokenRequests.First();
            Assert.Equal("POST", first.Method);
            Assert.Equal(Key, (await first.AllHeadersAsync())["x-api-key"]);
            Assert.DoesNotContain(urls, url => url.Contains(Key, StringComparison.Ordinal));
            var hubs = sockets.Where(url => url.Contains("/hubs/live", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(hubs);
            Assert.All(hubs, hub => Assert.Matches("access_token=eyJ[^&.]+\\.[^&.]+\\.[^&]+", hub));
            Assert.NotEmpty(apiRequests);
            foreach (var request in apiRequests)
            {
                var headers = await request.AllHeadersAsync();
                Assert.StartsWith("Bearer eyJ", headers["authorization"], StringComparison.Ordinal);
                Assert.False(headers.ContainsKey("x-api-key"));
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
