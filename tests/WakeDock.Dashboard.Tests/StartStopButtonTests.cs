using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WakeDock.EdgeAgent.Control;
using WakeDock.Testing;

namespace WakeDock.Dashboard.Tests;

/// <summary>The dashboard's start/stop button in headless Chromium: a click really pauses the embedded agent, another resumes it.</summary>
public sealed class StartStopButtonTests(DockerFixture docker, BrowserFixture browser) : IClassFixture<DockerFixture>, IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private static readonly PageWaitForFunctionOptions Waiting = new() { Timeout = (float)Patience.TotalMilliseconds };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<bool> IsRunningAsync(WakeDockApplication host)
        => JsonNode.Parse(await host.Http.GetStringAsync("/api/v1/monitoring/status", Ct))!["monitoring"]!["is_running"]!.GetValue<bool>();

    [Fact]
    public async Task TheButtonStopsTheAgentAndStartsItAgain()
    {
        docker.Require();
        browser.Require();
        await using var host = DashboardHost.Create(docker.DockerHost);
        var agent = host.Services.GetRequiredService<IAgentControl>();
        var page = await browser.NewPageAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        try
        {
            await page.GotoAsync(host.Url);
            var button = page.Locator("#toggle-collection");
            await page.WaitForFunctionAsync("() => { const b = document.getElementById('toggle-collection'); return !b.disabled && b.dataset.running === 'true'; }", null, Waiting);
            Assert.Equal("Stop collection", await button.InnerTextAsync());
            Assert.True(agent.State.IsRunning);

            await button.ClickAsync();
            await page.WaitForFunctionAsync("() => document.getElementById('toggle-collection').dataset.running === 'false'", null, Waiting);
            var stoppedLabel = await button.InnerTextAsync();
            var stoppedLine = await page.InnerTextAsync("#collection");
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard-collection-stopped");

            Assert.Equal("Start collection", stoppedLabel);
            Assert.Equal("collection stopped", stoppedLine);
            Assert.False(agent.State.IsRunning);
            Assert.False(await IsRunningAsync(host));

            await button.ClickAsync();
            await page.WaitForFunctionAsync("() => document.getElementById('toggle-collection').dataset.running === 'true'", null, Waiting);
            var runningLine = await page.InnerTextAsync("#collection");

            Assert.Equal("Stop collection", await button.InnerTextAsync());
            Assert.StartsWith("collecting every 1 s", runningLine, StringComparison.Ordinal);
            Assert.True(agent.State.IsRunning);
            Assert.True(await IsRunningAsync(host));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
