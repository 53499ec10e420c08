using WakeDock.Testing;

namespace WakeDock.Integration.Tests;

public sealed class BrowserSmokeTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ChromiumRendersThePageOfTheRunningHost()
    {
        browser.Require();
        await using var host = EmbeddedHost.Create(embeddedAgent: false);
        host.UseKestrel(FreePort.Next());
        host.StartServer();
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync(host.ClientOptions.BaseAddress.ToString());

        Assert.Equal(200, response!.Status);
        Assert.Equal("WakeDock", await page.TitleAsync());
        Assert.Contains("Containers", await page.InnerTextAsync("#containers-title"), StringComparison.Ordinal);
        Assert.True(new FileInfo(await BrowserFixture.SaveScreenshotAsync(page, "smoke-root")).Length > 1000);
    }
}
