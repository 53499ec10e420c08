using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WakeDock.Testing;

namespace WakeDock.Dashboard.Tests;

/// <summary>
/// The dashboard in headless Chromium against the embedded host sampling real containers every second. Each test saves
/// a screenshot under the test artifacts.
/// </summary>
public sealed class DashboardTests(DockerFixture docker, BrowserFixture browser) : IClassFixture<DockerFixture>, IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A third of a core at most: the suite runs beside tests that measure their own burner's CPU against docker stats on
    /// a 2-core machine, and an uncapped burner here would starve theirs.
    /// </summary>
    private static readonly string[] CappedBurner = ["--cpus", "0.3"];

    private static string Row(string containerId) => $"#container-table tbody tr[data-container-id='{containerId}']";

    private async Task<(WakeDockApplication Host, IPage Page)> OpenAsync(BrowserNewContextOptions? options = null)
    {
        docker.Require();
        browser.Require();
        var host = DashboardHost.Create(docker.DockerHost);
        var page = await browser.NewPageAsync(options ?? new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new() { Width = 1366, Height = 900 } });
        await page.GotoAsync(host.Url);
        await page.WaitForSelectorAsync("#connection[data-state='connected']", new() { Timeout = (float)Patience.TotalMilliseconds });
        return (host, page);
    }

    [Fact]
    public async Task ABurnerAppearsInTheTableAndItsCpuLineRisesWithinTwoIntervals()
    {
        browser.Require();
        var idle = await docker.StartIdleAsync("e2e-calm");
        var burner = await docker.StartCpuBurnerAsync("e2e-burner", CappedBurner);
        await using var gone = Removed(burner);
        var (host, page) = await OpenAsync();
        await using var running = host;
        await using var closing = Closed(page);

        await page.WaitForSelectorAsync(Row(burner.Id), new() { Timeout = (float)Patience.TotalMilliseconds });
        // Three points: the container's first sample and the two intervals after it.
        var points = await PointsAsync(page, burner.Id, 3);
        var calm = await PointsAsync(page, idle.Id, 3);
        var name = await page.InnerTextAsync($"{Row(burner.Id)} .name");
        var hostCell = await page.InnerTextAsync($"{Row(burner.Id)} .host");
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-burner");

        Assert.Equal(burner.Name, name);
        Assert.Equal("e2e-host", hostCell);
        // A busy 2-core machine may give the burner far less than a core: its line must stand out from a sleeping
        // container's, not reach a fixed level.
        Assert.True(points.Take(3).Max() >= 5, $"the burner's CPU line rises within two intervals; its points: {string.Join(", ", points)}");
        Assert.True(calm.Max() < 1, $"a sleeping container stays near 0 %: {string.Join(", ", calm)}");
    }

    /// <summary>Closes the page's browser context at the end of the test: a page left open keeps its live connection and redraws.</summary>
    private static ClosedContext Closed(IPage page) => new(page);

    private sealed class ClosedContext(IPage page) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await page.Context.CloseAsync();
    }

    /// <summary>Removes the container at the end of the test rather than with the fixture, so that it burns no longer than needed.</summary>
    private AsyncRemoval Removed(TestContainer container) => new(docker, container);

    private sealed class AsyncRemoval(DockerFixture docker, TestContainer container) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await docker.DockerAsync("rm", "-f", container.Id);
    }

    private static async Task<List<double>> PointsAsync(IPage page, string containerId, int atLeast)
    {
        await page.WaitForFunctionAsync($"() => Number(document.querySelector(\"{Row(containerId)}\")?.dataset.samples) >= {atLeast}", null, new() { Timeout = (float)Patience.TotalMilliseconds });
        return (await page.GetAttributeAsync($"{Row(containerId)} .cpu canvas", "data-points"))!
            .Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToList();
    }

    [Fact]
    public async Task ACriticalAlertOfTheBurnerShowsAsAToast()
    {
        browser.Require();
        var burner = await docker.StartCpuBurnerAsync("e2e-alert", CappedBurner);
        await using var gone = Removed(burner);
        var (host, page) = await OpenAsync();
        await using var running = host;
        await using var closing = Closed(page);
        // Low levels, so that a capped burner on a busy machine still crosses them.
        await host.PutThresholdAsync("cpu_percent", 2, 6);

        // the firing one: a capped burner around the level may also resolve, and that toast keeps the level's colour
        var toast = await page.WaitForSelectorAsync($".toast.critical[data-container-id='{burner.Id}']:has-text('Critical:')", new() { Timeout = (float)Patience.TotalMilliseconds });
        var text = await toast!.InnerTextAsync();
        await page.SelectOptionAsync("#alert-level", "critical");
        var feed = await page.Locator("#alert-list li").AllInnerTextsAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-critical-toast");

        Assert.Contains($"Critical: {burner.Name}", text, StringComparison.Ordinal);
        Assert.Contains("CPU critique", text, StringComparison.Ordinal);
        Assert.NotEmpty(feed);
        Assert.All(await page.Locator("#alert-list li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.level)"), level => Assert.Equal("critical", level));
    }

    [Fact]
    public async Task EditingAThresholdInTheUiChangesWhatTheApiReturns()
    {
        var (host, page) = await OpenAsync();
        await using var running = host;
        await using var closing = Closed(page);

        await page.ClickAsync("#open-thresholds");
        var row = page.Locator("#threshold-form tr[data-metric='cpu_percent']");
        await row.Locator(".warning").FillAsync("55");
        await row.Locator(".critical").FillAsync("85.5");
        await row.Locator(".save").ClickAsync();
        await Assertions.Expect(row.Locator(".result")).ToHaveTextAsync("saved");
        var cpu = (await host.ThresholdsAsync()).Single(t => (string?)t!["metric_type"] == "cpu_percent" && t["container_id"] is null)!;
        await row.Locator(".critical").FillAsync("10");
        await row.Locator(".save").ClickAsync();
        await Assertions.Expect(row.Locator(".result")).Not.ToHaveTextAsync("saving…");
        var refused = await row.Locator(".result").InnerTextAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-threshold-editor");
        var after = (await host.ThresholdsAsync()).Single(t => (string?)t!["metric_type"] == "cpu_percent" && t["container_id"] is null)!;

        Assert.Equal(55, (double)cpu["warning_threshold"]!);
        Assert.Equal(85.5, (double)cpu["critical_threshold"]!);
        Assert.Contains("critical", refused, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(85.5, (double)after["critical_threshold"]!);
    }

    [Fact]
    public async Task ExportDownloadsValidJsonOfWhatIsOnScreen()
    {
        browser.Require();
        var shown = await docker.StartIdleAsync("e2e-shown");
        var hidden = await docker.StartIdleAsync("e2e-hidden");
        var (host, page) = await OpenAsync();
        await using var running = host;
        await using var closing = Closed(page);
        await page.WaitForSelectorAsync(Row(shown.Id), new() { Timeout = (float)Patience.TotalMilliseconds });
        await page.WaitForSelectorAsync(Row(hidden.Id), new() { Timeout = (float)Patience.TotalMilliseconds });

        await page.FillAsync("#filter-container", shown.Name);
        await page.WaitForSelectorAsync(Row(hidden.Id), new() { State = WaitForSelectorState.Detached });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export"));
        var path = Path.Combine(TestArtifacts.Directory("downloads"), download.SuggestedFilename);
        await download.SaveAsAsync(path);
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-export");
        var document = JsonNode.Parse(await File.ReadAllTextAsync(path, Ct))!;

        Assert.EndsWith(".json", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(shown.Name, (string?)document["filters"]!["container"]);
        var container = Assert.Single(document["containers"]!.AsArray())!;
        Assert.Equal(shown.Id, (string?)container["container_id"]);
        Assert.Equal("e2e-host", (string?)container["host"]);
        Assert.NotEmpty(container["recent_cpu_percent"]!.AsArray());
        Assert.True(DateTimeOffset.TryParse((string?)document["exported_at"], CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task TheHistoryOfAContainerOpensFromTheKeyboardAndSwitchesRange()
    {
        browser.Require();
        var idle = await docker.StartIdleAsync("e2e-history");
        var (host, page) = await OpenAsync();
        await using var running = host;
        await using var closing = Closed(page);
        await page.WaitForSelectorAsync(Row(idle.Id), new() { Timeout = (float)Patience.TotalMilliseconds });

        await page.FocusAsync(Row(idle.Id));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#history-container")).ToContainTextAsync(idle.Name);
        await Assertions.Expect(page.Locator("#history-note")).ToContainTextAsync("points");
        await page.ClickAsync(".ranges button[data-range='7d']");
        await Assertions.Expect(page.Locator("#history-container")).ToContainTextAsync("7d");
        await Assertions.Expect(page.Locator("#history-note")).ToContainTextAsync("points");
        var pressed = await page.GetAttributeAsync(".ranges button[data-range='7d']", "aria-pressed");
        var selected = await page.GetAttributeAsync(Row(idle.Id), "aria-selected");
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-history-7d");

        Assert.Equal("true", pressed);
        Assert.Equal("true", selected);
        Assert.Equal(1, await page.Locator("#history-chart canvas").CountAsync());
    }

    [Fact]
    public async Task OnAPhoneInTheDarkTheDashboardFitsTheScreen()
    {
        browser.Require();
        var idle = await docker.StartIdleAsync("e2e-phone");
        var (host, page) = await OpenAsync(new BrowserNewContextOptions
        {
            ViewportSize = new() { Width = 390, Height = 844 },
            ColorScheme = ColorScheme.Dark,
            IsMobile = true,
            HasTouch = true,
        });
        await using var running = host;
        await using var closing = Closed(page);
        await page.WaitForSelectorAsync(Row(idle.Id), new() { Timeout = (float)Patience.TotalMilliseconds });

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var hostColumnShown = await page.IsVisibleAsync($"{Row(idle.Id)} .host");
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-phone-dark");

        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the phone");
        Assert.Equal("rgb(13, 17, 23)", background);
        Assert.False(hostColumnShown);
        Assert.True(await page.IsVisibleAsync($"{Row(idle.Id)} .cpu canvas"));
    }

    [Fact]
    public async Task AfterTheConnectionDropsTheDashboardReconnectsAndCatchesUpTheMissedPoints()
    {
        browser.Require();
        var idle = await docker.StartIdleAsync("e2e-reconnect");
        var (host, page) = await OpenAsync();
        await using var running = host;
        await using var closing = Closed(page);
        await page.WaitForSelectorAsync(Row(idle.Id), new() { Timeout = (float)Patience.TotalMilliseconds });

        await page.Context.SetOfflineAsync(true);
        await page.WaitForSelectorAsync("#connection:not([data-state='connected'])", new() { Timeout = (float)Patience.TotalMilliseconds });
        var before = int.Parse((await page.GetAttributeAsync(Row(idle.Id), "data-samples"))!, CultureInfo.InvariantCulture);
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-offline");
        await Task.Delay(TimeSpan.FromSeconds(4), Ct); // the thing under test: points the browser misses while offline
        await page.Context.SetOfflineAsync(false);
        await page.WaitForSelectorAsync("#connection[data-state='connected']", new() { Timeout = (float)Patience.TotalMilliseconds });
        await page.WaitForFunctionAsync($"() => Number(document.querySelector(\"{Row(idle.Id)}\").dataset.samples) >= {before + 3}", null, new() { Timeout = (float)Patience.TotalMilliseconds });
        var times = await page.EvaluateAsync<string[]>($"() => window.__wakedock.state.containers.get('{idle.Id}').times");
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-reconnected");

        var gaps = times.Select(t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture)).Zip(times.Skip(1).Select(t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture)), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.True(gaps.Max() < 3.5, $"points missed while offline were caught up; gaps between points: {string.Join(", ", gaps.Select(g => g.ToString("0.0", CultureInfo.InvariantCulture)))}");
    }

    [Fact]
    public async Task ADashboardBeyondTheClientLimitSaysWhyItIsNotLive()
    {
        docker.Require();
        browser.Require();
        await using var host = DashboardHost.Create(docker.DockerHost, settings: new Dictionary<string, string?> { ["WakeDock:Streams:MaxClients"] = "1" });
        var first = await browser.NewPageAsync();
        await using var closingFirst = Closed(first);
        await first.GotoAsync(host.Url);
        await first.WaitForSelectorAsync("#connection[data-state='connected']", new() { Timeout = (float)Patience.TotalMilliseconds });

        var second = await browser.NewPageAsync();
        await using var closingSecond = Closed(second);
        await second.GotoAsync(host.Url);
        await Assertions.Expect(second.Locator("#message")).ToContainTextAsync("at most 1 clients", new() { Timeout = (float)Patience.TotalMilliseconds });
        var state = await second.GetAttributeAsync("#connection", "data-state");
        await BrowserFixture.SaveScreenshotAsync(second, "dashboard-refused-over-limit");

        Assert.NotEqual("connected", state);
        Assert.Equal("connected", await first.GetAttributeAsync("#connection", "data-state"));
        Assert.Equal(1, host.Services.GetRequiredService<WakeDock.Functions.Live.StreamClients>().Counts.ActiveConnections);
    }

    [Fact]
    public async Task ARawWebSocketClientReceivesOnlyItsFilteredContainer()
    {
        docker.Require();
        browser.Require();
        var wanted = await docker.StartIdleAsync("e2e-ws-wanted");
        var other = await docker.StartIdleAsync("e2e-ws-other");
        await using var host = DashboardHost.Create(docker.DockerHost);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(host.WebSocketUri, Ct);
        await socket.SendAsync(Encoding.UTF8.GetBytes($$$"""{"action":"subscribe","stream_type":"metrics","filters":{"container_ids":["{{{wanted.Id[..12]}}}"]}}"""), WebSocketMessageType.Text, true, Ct);

        var received = new List<JsonObject>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Patience);
        while (received.Count(m => (string?)m["type"] == "metrics_update") < 4)
        {
            received.Add(await ReceiveAsync(socket, deadline.Token));
        }

        using var otherSamples = await host.Http.GetAsync($"/api/v1/monitoring/metrics?container_id={other.Id}&hours=1", Ct);
        var otherCount = JsonNode.Parse(await otherSamples.Content.ReadAsStringAsync(Ct))!.AsArray().Count;
        var page = await browser.NewPageAsync();
        await using var closing = Closed(page);
        await page.SetContentAsync($"<pre style='font:12px monospace'>{System.Net.WebUtility.HtmlEncode(string.Join("\n", received.Select(m => m.ToJsonString())))}</pre>");
        await BrowserFixture.SaveScreenshotAsync(page, "websocket-filtered-messages");

        var updates = received.Where(m => (string?)m["type"] == "metrics_update").ToList();
        Assert.Equal("subscribed", (string?)received[0]["type"]);
        Assert.All(updates, u => Assert.Equal(wanted.Id, (string?)u["data"]!["container_id"]));
        Assert.All(updates, u => Assert.Equal(wanted.Name, (string?)u["data"]!["container_name"]));
        Assert.True(otherCount >= 2, "the other container was sampled meanwhile, and not sent");
    }

    private static async Task<JsonObject> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!.AsObject();
    }
}
