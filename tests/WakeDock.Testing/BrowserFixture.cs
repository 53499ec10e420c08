using Microsoft.Playwright;
using Xunit;

namespace WakeDock.Testing;

/// <summary>
/// Headless Debian Chromium driven by Microsoft.Playwright. Playwright never downloads a browser
/// here: it launches <c>WAKEDOCK_TEST_CHROMIUM</c> (default <c>/usr/bin/chromium</c>) with the
/// flags this closed network needs.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string ExecutablePath { get; } = IntegrationPart.Setting("WAKEDOCK_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public string? Problem { get; private set; }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException($"Chromium is not running: {Problem}");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Problem = $"no Chromium at {ExecutablePath}";
            return;
        }

        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-quic"],
            });
        }
        catch (PlaywrightException e)
        {
            Problem = $"Chromium at {ExecutablePath} did not start: {e.Message}";
        }
    }

    public void Require() => IntegrationPart.Require("Chromium", Problem);

    /// <summary>A page in a fresh browser context.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { AcceptDownloads = true });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot under the test artifacts folder and returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestArtifacts.Directory("screenshots"), $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
