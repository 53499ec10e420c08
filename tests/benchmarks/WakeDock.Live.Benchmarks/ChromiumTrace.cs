using System.Text.Json;
using Microsoft.Playwright;

namespace WakeDock.Live.Benchmarks;

/// <summary>
/// A Chromium trace of a page through the DevTools protocol (tasks, JS calls with their functions and CPU profiler
/// samples, style, layout, paint, GC), written as a trace file for <c>scripts/bench/long-tasks.py</c> or chrome://tracing.
/// </summary>
internal sealed class ChromiumTrace : IAsyncDisposable
{
    private const string Categories = "devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,disabled-by-default-v8.cpu_profiler,blink.user_timing,toplevel";

    private readonly ICDPSession _session;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromiumTrace(ICDPSession session)
    {
        _session = session;
        _session.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            if (e?.TryGetProperty("value", out var value) == true)
            {
                lock (_events)
                {
                    _events.AddRange(value.EnumerateArray().Select(v => v.Clone()));
                }
            }
        };
        _session.Event("Tracing.tracingComplete").OnEvent += (_, _) => _complete.TrySetResult();
    }

    public static async Task<ChromiumTrace> StartAsync(IPage page)
    {
        var trace = new ChromiumTrace(await page.Context.NewCDPSessionAsync(page));
        await trace._session.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["categories"] = Categories,
            ["transferMode"] = "ReportEvents",
        });
        return trace;
    }

    public async Task StopAsync(string path)
    {
        await _session.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, new { traceEvents = _events });
    }

    public async ValueTask DisposeAsync() => await _session.DetachAsync();
}
