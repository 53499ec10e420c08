using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using WakeDock.Testing;

namespace WakeDock.Dashboard.Tests;

/// <summary>
/// The dashboard's views (containers, hosts, one container) in headless Chromium against the embedded host sampling
/// real containers every second, plus synthetic hosts posted to its ingest; screenshots at 1440×1000 and 390×844.
/// </summary>
public sealed class DashboardViewTests(DockerFixture docker, BrowserFixture browser) : IClassFixture<DockerFixture>, IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private static readonly BrowserNewContextOptions Desktop = new() { ViewportSize = new() { Width = 1440, Height = 1000 } };
    private static readonly BrowserNewContextOptions Phone = new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static float Wait => (float)Patience.TotalMilliseconds;

    private static string Row(string containerId) => $"#container-table tbody tr[data-container-id='{containerId}']";

    private static BrowserNewContextOptions With(BrowserNewContextOptions options, Action<BrowserNewContextOptions> change)
    {
        var copy = new BrowserNewContextOptions { ViewportSize = options.ViewportSize, IsMobile = options.IsMobile, HasTouch = options.HasTouch };
        change(copy);
        return copy;
    }

    private async Task<IPage> OpenAsync(WakeDockApplication host, BrowserNewContextOptions options, string hash = "")
    {
        var page = await browser.NewPageAsync(options);
        await page.GotoAsync(host.Url + hash);
        await page.WaitForSelectorAsync("#connection[data-state='connected']", new() { Timeout = Wait });
        return page;
    }

    private WakeDockApplication Host()
    {
        docker.Require();
        browser.Require();
        return DashboardHost.Create(docker.DockerHost);
    }

    [Fact]
    public async Task EveryViewLoadsWithAnEmptyConsoleAndNoFailedRequest()
    {
        var idle = await docker.StartIdleAsync("e2e-clean");
        await using var host = Host();
        var context = await browser.Browser.NewContextAsync(Desktop);
        await using var closing = new ClosedContext(context);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                problems.Add($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => problems.Add($"page error: {e}");
        page.RequestFailed += (_, r) => problems.Add($"request failed: {r.Url} {r.Failure}");
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                problems.Add($"HTTP {r.Status}: {r.Url}");
            }
        };

        await page.GotoAsync(host.Url);
        await page.WaitForSelectorAsync("#connection[data-state='connected']", new() { Timeout = Wait });
        await page.WaitForSelectorAsync(Row(idle.Id), new() { Timeout = Wait });
        await page.ClickAsync(".views a[data-view='hosts']");
        await page.WaitForSelectorAsync(".host-card[data-host='e2e-host']", new() { Timeout = Wait });
        await page.GotoAsync($"{host.Url}#/container/{idle.Id}");
        await Assertions.Expect(page.Locator("#detail-tier")).ToContainTextAsync("points from", new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#log-note")).ToContainTextAsync("lines", new() { Timeout = Wait });
        var manifest = JsonNode.Parse(await (await page.APIRequest.GetAsync(host.Url + "manifest.webmanifest")).TextAsync())!;
        var icons = new List<(string, int, string?)>();
        foreach (var icon in manifest["icons"]!.AsArray())
        {
            var answer = await page.APIRequest.GetAsync(host.Url + (string)icon!["src"]!);
            icons.Add(((string)icon["src"]!, answer.Status, answer.Headers.GetValueOrDefault("content-type")));
        }

        await BrowserFixture.SaveScreenshotAsync(page, "views-clean-load");

        Assert.Empty(problems);
        Assert.Equal("WakeDock", (string?)manifest["name"]);
        Assert.Equal("standalone", (string?)manifest["display"]);
        Assert.Contains(icons, i => i.Item1.EndsWith("192.png", StringComparison.Ordinal));
        Assert.All(icons, i => Assert.Equal(200, i.Item2));
        Assert.All(icons, i => Assert.StartsWith("image/", i.Item3, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheContainerViewHasItsOwnUrlWithChartsTierEventsAndLogs()
    {
        // 8 MiB held in a tmpfs (charged to its memory), so that it crosses the low memory thresholds below.
        var talker = await docker.StartAsync("e2e-talker",
            ["sh", "-c", "dd if=/dev/zero of=/hold/block bs=1048576 count=8 2>/dev/null; i=0; while :; do i=$((i+1)); echo \"out line $i\"; echo \"err line $i\" >&2; sleep 1; done"],
            ["--tmpfs", "/hold:rw,size=24m"]);
        await using var gone = new Removal(docker, talker);
        await using var host = Host();
        // A critical memory alert for the talker (8 MiB of the engine's memory is about 0.03 %), marked in its view.
        await host.PutThresholdAsync("memory_percent", 0.005, 0.01);
        var page = await OpenAsync(host, Desktop, $"#/container/{talker.Id}");
        await using var closing = new ClosedContext(page.Context);

        await Assertions.Expect(page.Locator("#detail-title")).ToHaveTextAsync(talker.Name, new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#detail-tier")).ToContainTextAsync("points from raw samples", new() { Timeout = Wait });
        await page.WaitForSelectorAsync("#log-lines li[data-stream='stderr']", new() { Timeout = Wait });
        await page.WaitForSelectorAsync("#detail-events li[data-level='critical']", new() { Timeout = Wait });
        var charts = await page.Locator("#detail-view .chart canvas").CountAsync();
        var hostFact = await page.InnerTextAsync("#detail-facts dd[data-fact='host']");
        var marks = await page.Locator("#log-lines li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.stream + '|' + e.querySelector('.stream').textContent + '|' + e.querySelector('.text').textContent)");

        await page.FillAsync("#log-search", "err line");
        var searched = await page.Locator("#log-lines li .text").AllInnerTextsAsync();
        var note = await page.InnerTextAsync("#log-note");
        await page.FillAsync("#log-search", "");
        var before = await page.Locator("#log-lines li").CountAsync();
        await page.CheckAsync("#log-follow");
        await page.WaitForFunctionAsync($"() => document.querySelectorAll('#log-lines li').length >= {before + 4}", null, new() { Timeout = Wait });
        var followed = await page.Locator("#log-lines li .text").AllInnerTextsAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "views-container-desktop");

        await page.ClickAsync("[data-detail-range='30d']");
        await Assertions.Expect(page.Locator("#detail-tier")).ToContainTextAsync("one per", new() { Timeout = Wait });
        var tier = await page.GetAttributeAsync("#detail-view", "data-tier");
        using var api = await host.Http.GetAsync($"/api/v1/monitoring/metrics?container_id={talker.Id}&hours=720&step=auto&limit=300", Ct);
        var tierNote = await page.InnerTextAsync("#detail-tier");

        await page.SetViewportSizeAsync(390, 844);
        await page.ClickAsync("[data-detail-range='15m']");
        await Assertions.Expect(page.Locator("#detail-tier")).ToContainTextAsync("raw samples", new() { Timeout = Wait });
        var phone = await PageAudit.RunAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "views-container-phone");

        Assert.Equal(4, charts);
        Assert.Equal("e2e-host", hostFact);
        Assert.Contains(marks, m => m.StartsWith("stderr|err|err line ", StringComparison.Ordinal));
        Assert.Contains(marks, m => m.StartsWith("stdout|out|out line ", StringComparison.Ordinal));
        Assert.DoesNotContain(marks, m => m.StartsWith("stdout|", StringComparison.Ordinal) && m.Contains("err line", StringComparison.Ordinal));
        Assert.NotEmpty(searched);
        Assert.All(searched, t => Assert.Contains("err line", t, StringComparison.Ordinal));
        Assert.Matches(@"^\d+ of \d+ lines", note);
        var numbers = followed.Where(t => t.StartsWith("out line ", StringComparison.Ordinal)).Select(t => int.Parse(t[9..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Distinct().Count(), numbers.Count);
        Assert.Equal(numbers.Order().ToList(), numbers);
        Assert.Equal(api.Headers.GetValues("X-WakeDock-Resolution").Single(), tier);
        Assert.Contains(tier == "raw" ? "raw samples" : $"the {tier} tier", tierNote, StringComparison.Ordinal);
        Assert.Empty(phone.CutOff);
        Assert.Empty(phone.Sideways);
        Assert.True(phone.Overflowing <= 0, $"the page is {phone.Overflowing} px wider than the phone");
    }

    [Fact]
    public async Task TheHostsViewHasACardPerHostAndAClickFiltersToIt()
    {
        var idle = await docker.StartIdleAsync("e2e-hosts");
        await using var host = Host();
        var fleet = new SyntheticFleet(host.Http, "fleet-b", 3);
        await fleet.PostAsync(0, Ct);
        var page = await OpenAsync(host, Desktop, "#/hosts");
        await using var closing = new ClosedContext(page.Context);
        await fleet.PostAsync(1, Ct);

        var card = page.Locator(".host-card[data-host='fleet-b']");
        await Assertions.Expect(card.Locator(".containers")).ToHaveAttributeAsync("data-reporting", "3", new() { Timeout = Wait });
        await page.WaitForSelectorAsync(".host-card[data-host='e2e-host']", new() { Timeout = Wait });
        var cpu = await card.Locator(".cpu").InnerTextAsync();
        var cards = await page.Locator(".host-card").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.host)");
        // The embedded agent reads this machine's /proc and file systems; the synthetic fleet sends no host metrics.
        var own = page.Locator(".host-card[data-host='e2e-host']");
        await Assertions.Expect(own.Locator(".host-cpu")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"^\d+\.\d % of {Environment.ProcessorCount} CPUs$"), new() { Timeout = Wait });
        var ownMemory = await own.Locator(".host-memory").InnerTextAsync();
        var ownDisks = await own.Locator(".disks").InnerTextAsync();
        var fleetHostCpu = await card.Locator(".host-cpu").InnerTextAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "views-hosts-desktop");

        await page.ClickAsync(".host-card[data-host='e2e-host'] .host-pick");
        await page.WaitForSelectorAsync(Row(idle.Id), new() { Timeout = Wait });
        var filter = await page.InputValueAsync("#filter-host");
        var hosts = await page.Locator("#container-table tbody tr:not(.spacer) .host").AllInnerTextsAsync();
        var hash = await page.EvaluateAsync<string>("() => location.hash");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(host.Url + "#/hosts");
        await page.WaitForSelectorAsync(".host-card[data-host='fleet-b']", new() { Timeout = Wait });
        var phone = await PageAudit.RunAsync(page);
        await BrowserFixture.SaveScreenshotAsync(page, "views-hosts-phone");

        Assert.Contains("e2e-host", cards);
        Assert.Contains("fleet-b", cards);
        // The three synthetic containers' CPU at tick 1: (0 + 1) + (7 + 1) + (14 + 1) = 24 %.
        Assert.Equal("24.0 %", cpu);
        Assert.Matches(@" of \d", ownMemory);
        Assert.Matches(@"^/\S* \d+\.\d %", ownDisks);
        Assert.Equal("–", fleetHostCpu);
        Assert.Equal("e2e-host", filter);
        Assert.Equal("#/", hash);
        Assert.NotEmpty(hosts);
        Assert.All(hosts, h => Assert.Equal("e2e-host", h));
        Assert.Empty(phone.CutOff);
        Assert.True(phone.Overflowing <= 0, $"the page is {phone.Overflowing} px wider than the phone");
    }

    [Fact]
    public async Task AThousandContainersSortAndCutToTopNWithOnlyTheVisibleRowsInThePage()
    {
        await using var host = Host();
        var fleet = new SyntheticFleet(host.Http, "fleet-k", 1000);
        await fleet.PostAsync(0, Ct);
        var page = await OpenAsync(host, Desktop);
        await using var closing = new ClosedContext(page.Context);
        await page.SelectOptionAsync("#filter-host", "fleet-k");
        await Assertions.Expect(page.Locator("#container-count")).ToHaveTextAsync("(1000)", new() { Timeout = Wait });
        var inPage = await page.Locator("#container-table tbody tr:not(.spacer)").CountAsync();

        await page.ClickAsync("#container-table thead th[data-sort='cpu'] button");
        await Assertions.Expect(page.Locator("#container-table thead th[data-sort='cpu']")).ToHaveAttributeAsync("aria-sort", "descending");
        var cpus = await page.Locator("#container-table tbody tr:not(.spacer)").EvaluateAllAsync<double[]>("els => els.map(e => Number(e.dataset.cpu))");
        await page.SelectOptionAsync("#top-n", "10");
        await Assertions.Expect(page.Locator("#container-count")).ToHaveTextAsync("(10 of 1000)");
        var top = await page.Locator("#container-table tbody tr:not(.spacer)").CountAsync();
        await page.SelectOptionAsync("#top-n", "0");
        await page.ClickAsync("#container-table thead th[data-sort='name'] button");
        await page.EvalOnSelectorAsync("#table-scroll", "el => el.scrollTop = el.scrollHeight");
        await page.WaitForSelectorAsync(Row(SyntheticFleet.Id(999)), new() { Timeout = Wait });
        var atEnd = await page.Locator("#container-table tbody tr:not(.spacer)").CountAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "views-fleet-1000");

        Assert.InRange(inPage, 10, 80);
        Assert.InRange(atEnd, 10, 80);
        Assert.Equal(96, cpus[0]);
        Assert.Equal(cpus.OrderDescending().ToArray(), cpus);
        Assert.Equal(10, top);
    }

    [Fact]
    public async Task AClickOpensTheRowUnderThePointerWhileLiveUpdatesReorderTheTable()
    {
        await using var host = Host();
        var fleet = new SyntheticFleet(host.Http, "fleet-r", 30);
        await fleet.PostAsync(0, Ct);
        var page = await OpenAsync(host, Desktop);
        await using var closing = new ClosedContext(page.Context);
        await page.SelectOptionAsync("#filter-host", "fleet-r");
        await Assertions.Expect(page.Locator("#container-count")).ToHaveTextAsync("(30)", new() { Timeout = Wait });
        await page.SelectOptionAsync("#sort-key", "cpu");

        var (under, x, y) = await PointAtFifthRowAsync(page);
        var samples = int.Parse((await page.GetAttributeAsync(Row(under), "data-samples"))!, CultureInfo.InvariantCulture);
        // Each batch changes every CPU value, and so the order by CPU.
        for (var tick = 1; tick <= 3; tick++)
        {
            await Task.Delay(1100, Ct); // the fleet's pace: a collection a second, as agents send them
            await fleet.PostAsync(tick, Ct);
        }

        await page.WaitForFunctionAsync($"() => Number(document.querySelector(\"{Row(under)}\").dataset.samples) >= {samples + 3}", null, new() { Timeout = Wait });
        var stillUnder = await page.EvaluateAsync<string?>($"() => document.elementFromPoint({x}, {y})?.closest('tr')?.dataset.containerId ?? null");
        await page.Mouse.ClickAsync(x, y);
        var selected = await page.EvaluateAsync<string>("() => window.__wakedock.state.selected");
        await Assertions.Expect(page.Locator("#history-container")).ToContainTextAsync(await page.InnerTextAsync($"{Row(under)} .name"));
        await page.Mouse.MoveAsync(5, 5);
        await page.WaitForFunctionAsync("() => { const c = [...document.querySelectorAll('#container-table tbody tr:not(.spacer)')].map(e => Number(e.dataset.cpu)); return c.every((v, i) => i === 0 || c[i - 1] >= v); }", null, new() { Timeout = Wait });
        await BrowserFixture.SaveScreenshotAsync(page, "views-stable-rows");

        Assert.Equal(under, stillUnder);
        Assert.Equal(under, selected);
    }

    /// <summary>
    /// Puts the pointer on the fifth row's memory cell (the name is a link to the container's view). The sort re-renders
    /// the rows and the header can still change height until the pointer is over them, so the row is measured again
    /// until the pointer lands on it.
    /// </summary>
    private static async Task<(string Id, float X, float Y)> PointAtFifthRowAsync(IPage page)
    {
        var fifth = page.Locator("#container-table tbody tr:not(.spacer)").Nth(4);
        (string Id, float X, float Y)? rested = null;
        await Eventually.TrueAsync(async () =>
        {
            var box = await fifth.BoundingBoxAsync();
            if (box is null)
            {
                return false;
            }

            var (x, y) = (box.X + box.Width * 0.6f, box.Y + box.Height / 2);
            await page.Mouse.MoveAsync(x, y);
            var id = await page.EvaluateAsync<string?>($"() => document.elementFromPoint({x}, {y})?.closest('tr')?.dataset.containerId ?? null");
            rested = id is not null && id == await fifth.GetAttributeAsync("data-container-id") ? (id, x, y) : null;
            return rested is not null;
        }, Patience, () => "the pointer never rested on the fifth row", Ct, every: TimeSpan.FromMilliseconds(100));
        return rested!.Value;
    }

    [Fact]
    public async Task ACriticalAlertBecomesABrowserNotificationOnlyWhileTheTabIsHidden()
    {
        var idle = await docker.StartMemoryHolderAsync(8, "e2e-notify");
        await using var host = Host();
        var options = With(Desktop, o => o.Permissions = ["notifications"]);
        var context = await browser.Browser.NewContextAsync(options);
        await using var closing = new ClosedContext(context);
        // The browser's own Notification, wrapped to keep what was shown; document.hidden as the test sets it.
        await context.AddInitScriptAsync("""
            window.__shown = [];
            const Real = window.Notification;
            window.Notification = class extends Real { constructor(title, options) { super(title, options); window.__shown.push({ title, body: options?.body ?? "" }); } };
            window.__hidden = false;
            Object.defineProperty(Document.prototype, "hidden", { get: () => window.__hidden, configurable: true });
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.Url);
        await page.WaitForSelectorAsync(Row(idle.Id), new() { Timeout = Wait });
        await page.ClickAsync("#notify");
        await Assertions.Expect(page.Locator("#notify")).ToHaveAttributeAsync("aria-pressed", "true");

        await host.PutThresholdAsync("memory_percent", 0.005, 0.01);
        await page.WaitForSelectorAsync($"#alert-list li.critical.firing[data-container-id='{idle.Id}']", new() { Timeout = Wait });
        var whileVisible = await page.EvaluateAsync<int>("() => window.__shown.length");
        await host.PutThresholdAsync("memory_percent", 99, 99.5);
        await page.WaitForSelectorAsync($"#alert-list li.resolved[data-container-id='{idle.Id}']", new() { Timeout = Wait });
        await page.EvaluateAsync("() => { window.__hidden = true; }");
        await host.PutThresholdAsync("memory_percent", 0.005, 0.01);
        await page.WaitForFunctionAsync($"() => window.__shown.some(n => n.title === 'Critical: {idle.Name}')", null, new() { Timeout = Wait });
        var shown = JsonNode.Parse((await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.__shown")).GetRawText())!;
        await BrowserFixture.SaveScreenshotAsync(page, "views-notifications");

        Assert.Equal(0, whileVisible);
        Assert.All(shown.AsArray(), n => Assert.StartsWith("Critical: ", (string?)n!["title"], StringComparison.Ordinal));
        Assert.Contains(shown.AsArray(), n => ((string?)n!["body"])!.Contains("mémoire", StringComparison.OrdinalIgnoreCase) || ((string?)n["body"])!.Contains("memory", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PageLoadsAndUncaughtErrorsAreCountedOnMetrics()
    {
        var idle = await docker.StartIdleAsync("e2e-health");
        await using var host = Host();
        var page = await OpenAsync(host, Desktop);
        await using var closing = new ClosedContext(page.Context);
        await page.WaitForSelectorAsync(Row(idle.Id), new() { Timeout = Wait });
        await page.EvaluateAsync("() => setTimeout(() => { throw new Error('e2e-boom'); })");
        await page.EvaluateAsync("() => { Promise.reject(new Error('e2e-rejected')); }");

        string scrape = "";
        await Eventually.TrueAsync(async () =>
        {
            scrape = await host.Http.GetStringAsync("/metrics", Ct);
            return scrape.Contains("wakedock_dashboard_errors_total{kind=\"error\"} 1", StringComparison.Ordinal)
                   && scrape.Contains("wakedock_dashboard_errors_total{kind=\"unhandled_rejection\"} 1", StringComparison.Ordinal)
                   && scrape.Contains("wakedock_dashboard_page_load_seconds_count{phase=\"load\"} 1", StringComparison.Ordinal);
        }, Patience, () => string.Join("\n", scrape.Split('\n').Where(l => l.Contains("dashboard", StringComparison.Ordinal))), Ct);
        using var noTimings = await host.Http.PostAsJsonAsync("/api/v1/monitoring/dashboard/reports", new { kind = "load" }, Ct);
        using var badKind = await host.Http.PostAsJsonAsync("/api/v1/monitoring/dashboard/reports", new { kind = "crash", message = "x" }, Ct);
        using var tooLong = await host.Http.PostAsJsonAsync("/api/v1/monitoring/dashboard/reports", new { kind = "load", page_load_ms = 1e9 }, Ct);

        Assert.Contains("wakedock_dashboard_page_load_seconds_count{phase=\"dom_content_loaded\"} 1", scrape, StringComparison.Ordinal);
        Assert.Contains("wakedock_dashboard_page_load_seconds_count{phase=\"first_data\"} 1", scrape, StringComparison.Ordinal);
        foreach (var (response, field) in new[] { (noTimings, "page_load_ms"), (badKind, "kind"), (tooLong, "page_load_ms") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryViewHasNamedControlsReadableContrastAFocusOrderAndKeyboardUse()
    {
        var first = await docker.StartIdleAsync("e2e-keys-a");
        var second = await docker.StartIdleAsync("e2e-keys-b");
        await using var host = Host();
        var findings = new List<string>();
        foreach (var (label, options) in new[] { ("light", With(Desktop, o => o.ColorScheme = ColorScheme.Light)), ("dark", With(Desktop, o => o.ColorScheme = ColorScheme.Dark)), ("phone-360", With(Phone, o => { o.ViewportSize = new() { Width = 360, Height = 780 }; o.ColorScheme = ColorScheme.Dark; })) })
        {
            var page = await OpenAsync(host, options);
            await using var closing = new ClosedContext(page.Context);
            await page.WaitForSelectorAsync(Row(second.Id), new() { Timeout = Wait });
            await page.ClickAsync("#open-thresholds");
            await page.WaitForSelectorAsync("#threshold-form tr[data-metric='cpu_percent']", new() { Timeout = Wait });
            foreach (var (view, hash, ready) in new[] { ("containers", "#/", Row(first.Id)), ("hosts", "#/hosts", ".host-card"), ("container", $"#/container/{first.Id}", "#detail-view .chart canvas") })
            {
                await page.EvaluateAsync($"() => location.hash = '{hash}'");
                await page.WaitForSelectorAsync(ready, new() { Timeout = Wait });
                var audit = await PageAudit.RunAsync(page);
                findings.AddRange(audit.Unnamed.Select(u => $"{label}/{view}: no accessible name: {u}"));
                findings.AddRange(audit.LowContrast.Select(u => $"{label}/{view}: low contrast: {u}"));
                findings.AddRange(audit.CutOff.Select(u => $"{label}/{view}: cut off: {u}"));
                findings.AddRange(audit.Sideways.Select(u => $"{label}/{view}: scrolls sideways: {u}"));
                if (audit.Overflowing > 0)
                {
                    findings.Add($"{label}/{view}: page {audit.Overflowing} px wider than the screen");
                }

                var tabs = await PageAudit.TabOrderAsync(page, 60);
                if (tabs.FirstOrDefault().Element?.StartsWith("a Skip", StringComparison.Ordinal) != true)
                {
                    findings.Add($"{label}/{view}: the first Tab stop is {tabs.FirstOrDefault().Element}, not the skip link");
                }

                findings.AddRange(tabs.Where(t => !t.Visible || !t.Outlined || !t.InOrder)
                    .Select(t => $"{label}/{view}: Tab stop {t.Element}: visible {t.Visible}, outlined {t.Outlined}, in document order {t.InOrder}"));
                if (view == "containers" && !tabs.Any(t => t.Element.Contains("[row]", StringComparison.Ordinal)))
                {
                    findings.Add($"{label}/{view}: Tab never reaches the rows");
                }

                await BrowserFixture.SaveScreenshotAsync(page, $"views-a11y-{label}-{view}");
            }
        }

        var keys = await OpenAsync(host, Desktop);
        await using var closingKeys = new ClosedContext(keys.Context);
        await keys.WaitForSelectorAsync(Row(second.Id), new() { Timeout = Wait });
        await keys.FillAsync("#filter-container", "e2e-keys");
        await keys.WaitForFunctionAsync("() => document.querySelectorAll('#container-table tbody tr:not(.spacer)').length === 2");
        await keys.FocusAsync(Row(first.Id));
        await keys.Keyboard.PressAsync("ArrowDown");
        var down = await keys.EvaluateAsync<string>("() => document.activeElement.dataset.containerId");
        await keys.Keyboard.PressAsync("Enter");
        await Assertions.Expect(keys.Locator("#history-container")).ToContainTextAsync(second.Name);
        await keys.Keyboard.PressAsync("o");
        await Assertions.Expect(keys.Locator("#detail-title")).ToHaveTextAsync(second.Name, new() { Timeout = Wait });
        await keys.FocusAsync("[data-detail-range='1h']");
        await keys.Keyboard.PressAsync("Enter");
        await Assertions.Expect(keys.Locator("[data-detail-range='1h']")).ToHaveAttributeAsync("aria-pressed", "true");

        Assert.True(findings.Count == 0, string.Join("\n", findings));
        Assert.Equal(second.Id, down);
    }

    private sealed class ClosedContext(IBrowserContext context) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await context.CloseAsync();
    }

    private sealed class Removal(DockerFixture docker, TestContainer container) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await docker.DockerAsync("rm", "-f", container.Id);
    }
}
