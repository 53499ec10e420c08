using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace WakeDock.Live.Benchmarks;

/// <summary>
/// N raw WebSocket clients subscribed to metrics and alerts (no filter: every client gets every sample), then batches of
/// C synthetic containers posted to the ingest every interval; prints the host's CPU over the posting window and what
/// the clients received.
/// </summary>
internal static class FanOutLoad
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var url = options.Text("url").TrimEnd('/');
        var pid = options.Number("pid", 0);
        var clients = options.Number("clients", 100);
        var containers = options.Number("containers", 100);
        var interval = options.Number("interval", 5);
        var seconds = options.Number("seconds", 60);
        using var stop = new CancellationTokenSource();
        long received = 0;

        var sockets = new List<ClientWebSocket>();
        var readers = new List<Task>();
        for (var i = 0; i < clients; i++)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(url.Replace("http", "ws", StringComparison.Ordinal) + "/api/v1/monitoring/ws"), CancellationToken.None);
            foreach (var stream in new[] { "metrics", "alerts" })
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"action\":\"subscribe\",\"stream_type\":\"{stream}\"}}"), WebSocketMessageType.Text, true, CancellationToken.None);
            }

            sockets.Add(socket);
            readers.Add(ReadAsync(socket, () => Interlocked.Increment(ref received), stop.Token));
        }

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await PostAsync(http, containers, 0); // warm-up: first batch, JIT, first subscription paths
        await Task.Delay(TimeSpan.FromSeconds(2));
        Interlocked.Exchange(ref received, 0);

        var cpuBefore = pid > 0 ? Stats.CpuOf(pid) : TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var batches = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await PostAsync(http, containers, ++batches);
            var next = TimeSpan.FromSeconds(interval * batches);
            if (next > clock.Elapsed)
            {
                await Task.Delay(next - clock.Elapsed);
            }
        }

        var cpu = (pid > 0 ? Stats.CpuOf(pid) : TimeSpan.Zero) - cpuBefore;
        var elapsed = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        await Task.WhenAll(readers);
        var expected = (long)clients * containers * batches;
        Console.WriteLine($"{(clients > 0 ? $"{clients} WebSocket clients, " : "")}{containers} containers every {interval} s, {batches} batches in {Stats.F(elapsed.TotalSeconds)} s: "
                          + $"host CPU {Stats.F(cpu.TotalSeconds)} s = {Stats.F(cpu.TotalSeconds / elapsed.TotalSeconds * 100)} % of one core; "
                          + (clients > 0 ? $"clients received {Interlocked.Read(ref received)} messages of {expected} sent" : "no WebSocket client"));
        return 0;
    }

    private static async Task ReadAsync(ClientWebSocket socket, Action counted, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage && buffer.AsSpan(0, Math.Min(result.Count, 40)).IndexOf("metrics_update"u8) >= 0)
                {
                    counted();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private static long _sequence;

    internal static async Task PostAsync(HttpClient http, int containers, int tick)
    {
        var now = DateTimeOffset.UtcNow;
        var samples = Enumerable.Range(0, containers).Select(c => new Dictionary<string, object>
        {
            ["container_id"] = $"c{c:D3}{new string('0', 60)}",
            ["container_name"] = $"bench-{c:D3}",
            ["service_name"] = $"svc-{c % 5}",
            ["host"] = "bench-host",
            ["timestamp"] = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["cpu_percent"] = 5 + (c + tick) % 40,
            ["memory_usage"] = 50_000_000 + c,
            ["memory_limit"] = 1_000_000_000,
            ["memory_percent"] = 5.0,
            ["network_rx_bytes"] = tick * 1000L,
            ["network_tx_bytes"] = tick * 500L,
            ["pids"] = 4,
            ["sequence"] = Interlocked.Increment(ref _sequence),
        }).ToList();
        var batch = new Dictionary<string, object>
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = "wakedock://agent/bench-host",
            ["type"] = "io.wakedock.samples.batch.v1",
            ["datacontenttype"] = "application/json",
            ["time"] = now,
            ["data"] = new Dictionary<string, object>
            {
                ["host"] = "bench-host",
                ["first_sequence"] = (long)samples[0]["sequence"],
                ["last_sequence"] = (long)samples[^1]["sequence"],
                ["interval_seconds"] = 5,
                ["samples"] = samples,
                ["events"] = Array.Empty<object>(),
            },
        };
        using var content = new StringContent(JsonSerializer.Serialize(batch), Encoding.UTF8, "application/cloudevents+json");
        using var response = await http.PostAsync("/ingest/samples", content);
        response.EnsureSuccessStatusCode();
    }
}
