using System.Text.Json;
using Microsoft.Playwright;

namespace WakeDock.Live.Benchmarks;

/// <summary>
/// The dashboard in headless Chromium for a while: from the time each sample's message was made (when the ingest had
/// accepted it) to the frame that drew it (the dashboard's <c>window.__wakedock.rendered</c>); the time the dashboard's
/// own work took (taking a batch in, rendering) (<c>window.__wakedock.renders</c>); long tasks (PerformanceObserver, whoever caused them) and gaps
/// between animation frames (which a loaded machine stretches too).
/// </summary>
internal static class BrowserProbe
{
    internal const string Probe = """
        window.__probe = { longTasks: [], gaps: [] };
        try {
          new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__probe.longTasks.push(e.duration); })
            .observe({ type: "longtask", buffered: true });
        } catch {}
        let last = 0;
        const tick = (t) => { if (last) window.__probe.gaps.push(t - last); last = t; requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        """;

    /// <summary>Headless Chromium (<c>--chromium</c>, /usr/bin/chromium by default) with the flags this closed network needs.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, Arguments options)
        => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.Text("chromium", "/usr/bin/chromium"),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run"],
        });

    public static async Task<int> RunAsync(Arguments options)
    {
        var url = options.Text("url");
        var seconds = options.Number("seconds", 60);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, options);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        await page.AddInitScriptAsync(Probe);
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("#connection[data-state='connected']", new() { Timeout = 60_000 });
        // Settle: the first catch-up and the first full table are start-up, not steady state.
        await Task.Delay(TimeSpan.FromSeconds(10));
        await page.EvaluateAsync("() => { window.__wakedock.rendered.length = 0; window.__wakedock.renders.length = 0; window.__probe.longTasks.length = 0; window.__probe.gaps.length = 0; }");
        await Task.Delay(TimeSpan.FromSeconds(seconds));

        var rendered = await page.EvaluateAsync<JsonElement>("() => window.__wakedock.rendered.filter(r => r.sent).map(r => r.at - Date.parse(r.sent))");
        var longTasks = await page.EvaluateAsync<double[]>("() => window.__probe.longTasks");
        var gaps = await page.EvaluateAsync<double[]>("() => window.__probe.gaps");
        var renders = await page.EvaluateAsync<double[]>("() => window.__wakedock.renders");
        var rows = await page.Locator("#container-table tbody tr:not(.spacer)").CountAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = options.Text("screenshot", Path.Combine(Path.GetTempPath(), "live-bench.png")) });
        var latencies = rendered.EnumerateArray().Select(e => e.GetDouble()).ToList();

        Console.WriteLine($"{rows} rows; {latencies.Count} samples drawn in {seconds} s: ingest-to-screen p50 {Stats.F(Percentiles.Of(latencies, 50))} ms, "
                          + $"p95 {Stats.F(Percentiles.Of(latencies, 95))} ms, max {Stats.F(latencies.DefaultIfEmpty(double.NaN).Max())} ms; "
                          + $"our work {renders.Length} times: p50 {Stats.F(Percentiles.Of(renders, 50))} ms, longest {Stats.F(renders.DefaultIfEmpty(0).Max())} ms; "
                          + $"long tasks {longTasks.Length} (longest {Stats.F(longTasks.DefaultIfEmpty(0).Max())} ms); "
                          + $"frames {gaps.Length}, gap p50 {Stats.F(Percentiles.Of(gaps, 50))} ms, p99 {Stats.F(Percentiles.Of(gaps, 99))} ms, longest {Stats.F(gaps.DefaultIfEmpty(0).Max())} ms");
        return 0;
    }
}
