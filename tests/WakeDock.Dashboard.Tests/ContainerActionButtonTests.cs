using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using WakeDock.Functions.Security;
using WakeDock.Testing;

namespace WakeDock.Dashboard.Tests;

/// <summary>
/// Start, stop and restart on the container view in headless Chromium against the embedded host and a real container:
/// admin keys only, stop and restart confirmed first, disabled with the reason when the agent does not allow actions.
/// </summary>
public sealed class ContainerActionButtonTests(DockerFixture docker, BrowserFixture browser) : IClassFixture<DockerFixture>, IClassFixture<BrowserFixture>
{
    private const string AdminKey = "wd-buttons-admin-3b8e61d4";
    private const string ReaderKey = "wd-buttons-reader-3b8e61d4";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(bool allowActions) => new()
    {
        ["WakeDock:Agent:AllowContainerActions"] = allowActions ? "true" : "false",
        ["WakeDock:Security:ApiKeys:0:Name"] = "ops",
        ["WakeDock:Security:ApiKeys:0:Role"] = "Admin",
        ["WakeDock:Security:ApiKeys:0:Hash"] = KeyHash.Of(AdminKey),
        ["WakeDock:Security:ApiKeys:1:Name"] = "wall-screen",
        ["WakeDock:Security:ApiKeys:1:Role"] = "Reader",
        ["WakeDock:Security:ApiKeys:1:Hash"] = KeyHash.Of(ReaderKey),
    };

    private async Task<bool> RunningAsync(TestContainer container)
        => (await docker.DockerAsync("inspect", "-f", "{{.State.Running}}", container.Id)).Trim() == "true";

    private static async Task SampledAsync(WakeDockApplication host, TestContainer container)
    {
        using var admin = new HttpClient { BaseAddress = new Uri(host.Url) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/v1/monitoring/containers/{container.Id}", Ct)).StatusCode == HttpStatusCode.OK,
            Wait, $"{container.Name} sampled");
    }

    private async Task<IPage> OpenAsync(WakeDockApplication host, string key, TestContainer container)
    {
        var page = await browser.NewPageAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1440, Height = 1000 } });
        await page.Context.AddInitScriptAsync($"sessionStorage.setItem('wakedock.apiKey', '{key}')");
        await page.GotoAsync($"{host.Url}#/container/{container.Id}");
        return page;
    }

    [Fact]
    public async Task AnAdminStopsStartsAndRestartsTheContainerFromItsViewAfterConfirming()
    {
        docker.Require();
        browser.Require();
        var target = await docker.StartIdleAsync("e2e-actions");
        await using var host = DashboardHost.Create(docker.DockerHost, Settings(allowActions: true));
        await SampledAsync(host, target);
        var page = await OpenAsync(host, AdminKey, target);
        var reader = await OpenAsync(host, ReaderKey, target);
        try
        {
            var note = page.Locator("#container-actions-note");
            await Assertions.Expect(page.Locator("#container-actions")).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
            // Without a handler Playwright dismisses the confirmation: the container must keep running.
            await page.ClickAsync("#container-actions [data-action='stop']");
            var noteAfterDismissed = await note.InnerTextAsync();
            var afterDismissed = await RunningAsync(target);

            page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await page.ClickAsync("#container-actions [data-action='stop']");
            await Assertions.Expect(note).ToHaveTextAsync("stop done: not running.", new() { Timeout = (float)Wait.TotalMilliseconds });
            var afterStop = await RunningAsync(target);
            await BrowserFixture.SaveScreenshotAsync(page, "views-container-stopped");
            await page.ClickAsync("#container-actions [data-action='start']");
            await Assertions.Expect(note).ToHaveTextAsync("start done: running.", new() { Timeout = (float)Wait.TotalMilliseconds });
            var afterStart = await RunningAsync(target);
            await page.ClickAsync("#container-actions [data-action='restart']");
            await Assertions.Expect(note).ToHaveTextAsync("restart done: running.", new() { Timeout = (float)Wait.TotalMilliseconds });
            await reader.WaitForSelectorAsync("#container-actions[data-role='reader']", new() { State = WaitForSelectorState.Attached, Timeout = (float)Wait.TotalMilliseconds });
            var readerSees = await reader.Locator("#container-actions").IsVisibleAsync();

            Assert.Equal("", noteAfterDismissed);
            Assert.True(afterDismissed);
            Assert.False(afterStop);
            Assert.True(afterStart);
            Assert.True(await RunningAsync(target));
            Assert.False(readerSees);
        }
        finally
        {
            await page.Context.CloseAsync();
            await reader.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task WhenTheHostDoesNotAllowActionsTheButtonsAreDisabledWithTheReason()
    {
        docker.Require();
        browser.Require();
        var target = await docker.StartIdleAsync("e2e-actions-off");
        await using var host = DashboardHost.Create(docker.DockerHost, Settings(allowActions: false));
        await SampledAsync(host, target);
        var page = await OpenAsync(host, AdminKey, target);
        try
        {
            await Assertions.Expect(page.Locator("#container-actions")).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
            var disabled = await page.Locator("#container-actions [data-action]").EvaluateAllAsync<bool[]>("els => els.map(e => e.disabled)");
            var note = await page.InnerTextAsync("#container-actions-note");
            var title = await page.GetAttributeAsync("#container-actions [data-action='stop']", "title");
            await BrowserFixture.SaveScreenshotAsync(page, "views-container-actions-off");

            Assert.Equal([true, true, true], disabled);
            Assert.Contains("WakeDock:Agent:AllowContainerActions", note, StringComparison.Ordinal);
            Assert.Contains("AllowContainerActions", title, StringComparison.Ordinal);
            Assert.True(await RunningAsync(target));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
