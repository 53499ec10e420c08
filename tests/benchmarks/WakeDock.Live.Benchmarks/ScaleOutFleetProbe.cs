using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace WakeDock.Live.Benchmarks;

/// <summary>
/// A fleet of H hosts × C containers posting a batch per host every interval to N scaled-out functions hosts (host h to
/// instance h mod N, as a broker partitioning by host would), while headless Chromium, connected to the first instance
/// only, subscribes to every container over the raw WebSocket. Measures, for every sample drawn from a host of each
/// instance, the time from its <c>timestamp</c> (set when it is posted) to its arrival in the page, and the resident
/// memory of each instance every minute.
/// </summary>
internal static class ScaleOutFleetProbe
{

    /// <summary>Subscribes to every container on the stream at <c>SOCKET</c>, keeping each sample's latency and counting it by owning instance.</summary>
    private const string Listener = """
        window.__fleet = { latencies: [], perInstance: {}, open: false, failed: false };
        const socket = new WebSocket(SOCKET);
        socket.onopen = () => { socket.send(JSON.stringify({ action: "subscribe", stream_type: "metrics" })); window.__fleet.open = true; };
        socket.onerror = () => { window.__fleet.failed = true; };
        socket.onmessage = (e) => {
          const m = JSON.parse(e.data);
          if (m.type !== "metrics_update") return;
          window.__fleet.latencies.push(Date.now() - Date.parse(m.data.timestamp));
          const owner = Number(m.data.host.slice(5)) % INSTANCES;
          window.__fleet.perInstance[owner] = (window.__fleet.perInstance[owner] || 0) + 1;
        };
        """;

    public static async Task<int> RunAsync(Arguments options)
    {
        var urls = options.Text("urls").Split(',').Select(u => u.TrimEnd('/')).ToList();
        var pids = options.Text("pids").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var hosts = options.Number("hosts", 500);
        var containers = options.Number("containers", 50);
        var interval = options.Number("interval", 10);
        var seconds = options.Number("seconds", 600);
        var clients = urls.Select(u => new HttpClient { BaseAddress = new Uri(u) }).ToList();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserProbe.LaunchAsync(playwright, options);
        // a page of the first instance, not the dashboard (which would draw 25,000 rows); its CSP forbids connections,
        // which the probe's own script is let past
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BypassCSP = true });
        page.Console += (_, message) => Console.Error.WriteLine($"browser: {message.Text}");
        await page.GotoAsync(urls[0] + "/health");
        var socket = urls[0].Replace("http", "ws", StringComparison.Ordinal) + "/api/v1/monitoring/ws";
        await page.AddScriptTagAsync(new() { Content = Listener.Replace("SOCKET", JsonSerializer.Serialize(socket), StringComparison.Ordinal).Replace("INSTANCES", urls.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) });
        await page.WaitForFunctionAsync("() => window.__fleet.open || window.__fleet.failed");
        if (await page.EvaluateAsync<bool>("() => window.__fleet.failed"))
        {
            throw new InvalidOperationException($"the browser could not open {socket}");
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var posting = PostFleetAsync(clients, hosts, containers, interval, stop.Token);
        var latencies = new List<double>();
        var perMinute = new List<string>();
        var memory = pids.Select(_ => new List<double>()).ToList();
        var perInstance = new long[urls.Count];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60), stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            var minute = await TakeAsync(page, perInstance);
            latencies.AddRange(minute);
            for (var i = 0; i < pids.Count; i++)
            {
                memory[i].Add(RssMiB(pids[i]));
            }

            perMinute.Add($"min {perMinute.Count + 1}: {minute.Count} samples, p95 {Stats.F(Percentiles.Of(minute, 95))} ms, RSS {string.Join("/", memory.Select(m => Stats.F(m[^1])))} MiB");
        }

        var (posted, failed) = await posting;
        await Task.Delay(TimeSpan.FromSeconds(3));
        latencies.AddRange(await TakeAsync(page, perInstance));
        // what the first instance dropped on purpose (a slow subscriber or client, counted): the gap between posted and drawn
        var dropped = (await clients[0].GetStringAsync("/metrics")).Split('\n')
            .Where(l => l.StartsWith("wakedock_stream_messages_dropped", StringComparison.Ordinal) || l.StartsWith("wakedock_live_dropped", StringComparison.Ordinal))
            .Select(l => l.Trim()).ToList();
        foreach (var client in clients)
        {
            client.Dispose();
        }

        Console.WriteLine(string.Join("\n", perMinute));
        Console.WriteLine($"{hosts} hosts × {containers} containers every {interval} s to {urls.Count} instances for {Stats.F(clock.Elapsed.TotalSeconds)} s: "
                          + $"{posted} samples posted ({failed} batches refused), {latencies.Count} reached the browser on instance 1 "
                          + $"(by owning instance: {string.Join("/", perInstance)}); sample to browser p50 {Stats.F(Percentiles.Of(latencies, 50))} ms, "
                          + $"p95 {Stats.F(Percentiles.Of(latencies, 95))} ms, p99 {Stats.F(Percentiles.Of(latencies, 99))} ms, max {Stats.F(latencies.DefaultIfEmpty(double.NaN).Max())} ms; "
                          + $"RSS MiB per instance, first minute → last: {string.Join(", ", memory.Select(m => $"{Stats.F(m[0])} → {Stats.F(m[^1])}"))}; "
                          + $"dropped by instance 1: {(dropped.Count > 0 ? string.Join(", ", dropped) : "none counted")}");
        return 0;
    }

    private static async Task<List<double>> TakeAsync(IPage page, long[] perInstance)
    {
        var taken = JsonDocument.Parse(await page.EvaluateAsync<string>(
            "() => { const f = window.__fleet; const l = f.latencies; const p = f.perInstance; f.latencies = []; f.perInstance = {}; return JSON.stringify({ l, p }); }")).RootElement;
        foreach (var owner in taken.GetProperty("p").EnumerateObject())
        {
            perInstance[int.Parse(owner.Name, CultureInfo.InvariantCulture)] += owner.Value.GetInt64();
        }

        return [.. taken.GetProperty("l").EnumerateArray().Select(e => e.GetDouble())];
    }

    private static double RssMiB(int pid) => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0).First();

    /// <summary>Each interval, every host's batch, spread evenly over the interval; returns the samples posted and the batches refused.</summary>
    private static async Task<(long Posted, long Failed)> PostFleetAsync(List<HttpClient> clients, int hosts, int containers, int interval, CancellationToken stop)
    {
        long posted = 0, failed = 0;
        var sequences = new long[hosts];
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        for (var tick = 0L; !stop.IsCancellationRequested; tick++)
        {
            for (var h = 0; h < hosts && !stop.IsCancellationRequested; h++)
            {
                var due = TimeSpan.FromSeconds(interval * (tick + (double)h / hosts));
                if (due > clock.Elapsed)
                {
                    try
                    {
                        await Task.Delay(due - clock.Elapsed, stop);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                var host = h;
                var first = sequences[h] + 1;
                sequences[h] += containers;
                pending.Add(Task.Run(async () =>
                {
                    if (await PostAsync(clients[host % clients.Count], host, containers, first, tick))
                    {
                        Interlocked.Add(ref posted, containers);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }, CancellationToken.None));
                pending.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(pending);
        return (posted, failed);
    }

    private static async Task<bool> PostAsync(HttpClient http, int h, int containers, long firstSequence, long tick)
    {
        var host = $"fleet{h:D3}";
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var samples = Enumerable.Range(0, containers).Select(c => new Dictionary<string, object>
        {
            ["container_id"] = $"{host}c{c:D2}{new string('0', 54)}",
            ["container_name"] = $"{host}-app-{c:D2}",
            ["service_name"] = $"svc-{c % 5}",
            ["host"] = host,
            ["timestamp"] = now,
            ["cpu_percent"] = 5 + (c + tick) % 40,
            ["memory_usage"] = 50_000_000 + c,
            ["memory_limit"] = 1_000_000_000,
            ["memory_percent"] = 5.0,
            ["network_rx_bytes"] = tick * 1000L,
            ["network_tx_bytes"] = tick * 500L,
            ["pids"] = 4,
            ["sequence"] = firstSequence + c,
        }).ToList();
        var batch = new Dictionary<string, object>
        {
            ["specversion"] = "1.0",
            ["id"] = $"{host}-{tick}",
            ["source"] = $"wakedock://agent/{host}",
            ["type"] = "io.wakedock.samples.batch.v1",
            ["datacontenttype"] = "application/json",
            ["time"] = now,
            ["data"] = new Dictionary<string, object>
            {
                ["host"] = host,
                ["first_sequence"] = firstSequence,
                ["last_sequence"] = firstSequence + containers - 1,
                ["interval_seconds"] = 10,
                ["samples"] = samples,
                ["events"] = Array.Empty<object>(),
            },
        };
        try
        {
            using var content = new StringContent(JsonSerializer.Serialize(batch), Encoding.UTF8, "application/cloudevents+json");
            using var response = await http.PostAsync("/ingest/samples", content);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
