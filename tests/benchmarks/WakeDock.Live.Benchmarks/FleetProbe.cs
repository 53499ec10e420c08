using System.Diagnostics;
using Microsoft.Playwright;

namespace WakeDock.Live.Benchmarks;

/// <summary>
/// The dashboard with a fleet: C synthetic containers posted to the host's ingest every interval while headless
/// Chromium shows them and a user works the table — sorts by CPU (which reorders it at each batch), cuts it to the top
/// 25 and back, scrolls it from end to end. Measures the dashboard's own work (each batch taken in, each render:
/// <c>window.__wakedock.renders</c>), long tasks and the gaps between animation frames, and how many rows the page holds.
/// </summary>
internal static class FleetProbe
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var url = options.Text("url").TrimEnd('/');
        var containers = options.Number("containers", 1000);
        var interval = options.Number("interval", 5);
        var seconds = options.Number("seconds", 60);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await FanOutLoad.PostAsync(http, containers, 0);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserProbe.LaunchAsync(playwright, options);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1440, Height = 1000 } });
        await page.AddInitScriptAsync(BrowserProbe.Probe);
        await page.GotoAsync(url + "/");
        await page.WaitForSelectorAsync("#connection[data-state='connected']", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync($"() => window.__wakedock.state.containers.size >= {containers}", null, new() { Timeout = 60_000 });

        using var stop = new CancellationTokenSource();
        var posting = PostEveryAsync(http, containers, interval, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(interval + 1));
        await page.EvaluateAsync("() => { window.__wakedock.renders.length = 0; window.__wakedock.pieces.length = 0; window.__probe.longTasks.length = 0; window.__probe.gaps.length = 0; }");
        var trace = options.Text("trace", "");
        await using var tracer = trace.Length > 0 ? await ChromiumTrace.StartAsync(page) : null;

        var clock = Stopwatch.StartNew();
        var maxRows = 0;
        var step = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            // One user action every half second, in a loop: sort, scroll down in steps, top 25, all, back to the top.
            switch (step++ % 12)
            {
                case 0:
                    await page.ClickAsync("#container-table thead th[data-sort='cpu'] button");
                    break;
                case 6:
                    await page.SelectOptionAsync("#top-n", "25");
                    break;
                case 7:
                    await page.SelectOptionAsync("#top-n", "0");
                    break;
                case 11:
                    await page.EvalOnSelectorAsync("#table-scroll", "el => el.scrollTop = 0");
                    break;
                default:
                    await page.Mouse.MoveAsync(500, 500);
                    await page.Mouse.WheelAsync(0, 4000);
                    break;
            }

            maxRows = Math.Max(maxRows, await page.Locator("#container-table tbody tr:not(.spacer)").CountAsync());
            await Task.Delay(500);
        }

        await stop.CancelAsync();
        var batches = await posting;
        if (tracer is not null)
        {
            await tracer.StopAsync(trace);
        }

        var renders = await page.EvaluateAsync<double[]>("() => window.__wakedock.renders");
        var intake = await page.EvaluateAsync<double[]>("() => window.__wakedock.pieces.filter(p => p.kind === 'intake').map(p => p.ms)");
        var render = await page.EvaluateAsync<double[]>("() => window.__wakedock.pieces.filter(p => p.kind === 'render').map(p => p.ms)");
        var longTasks = await page.EvaluateAsync<double[]>("() => window.__probe.longTasks");
        var gaps = await page.EvaluateAsync<double[]>("() => window.__probe.gaps");
        var shown = await page.InnerTextAsync("#container-count");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = options.Text("screenshot", Path.Combine(Path.GetTempPath(), "fleet-bench.png")) });
        Console.WriteLine($"{containers} containers {shown}, {batches} batches, at most {maxRows} rows in the page; "
                          + $"our work {renders.Length} times: p50 {Stats.F(Percentiles.Of(renders, 50))} ms, p99 {Stats.F(Percentiles.Of(renders, 99))} ms, longest {Stats.F(renders.DefaultIfEmpty(0).Max())} ms, over 50 ms {renders.Count(r => r > 50)} "
                          + $"(batches taken in {intake.Length}: p50 {Stats.F(Percentiles.Of(intake, 50))} ms, longest {Stats.F(intake.DefaultIfEmpty(0).Max())} ms; renders {render.Length}: p50 {Stats.F(Percentiles.Of(render, 50))} ms, longest {Stats.F(render.DefaultIfEmpty(0).Max())} ms); "
                          + $"long tasks {longTasks.Length} (longest {Stats.F(longTasks.DefaultIfEmpty(0).Max())} ms); "
                          + $"frames {gaps.Length}, gap p50 {Stats.F(Percentiles.Of(gaps, 50))} ms, p99 {Stats.F(Percentiles.Of(gaps, 99))} ms, longest {Stats.F(gaps.DefaultIfEmpty(0).Max())} ms");
        return 0;
    }

    private static async Task<int> PostEveryAsync(HttpClient http, int containers, int interval, CancellationToken cancellationToken)
    {
        var batches = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await FanOutLoad.PostAsync(http, containers, ++batches);
                await Task.Delay(TimeSpan.FromSeconds(interval), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return batches;
    }
}
