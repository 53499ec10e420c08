using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WakeDock.Dashboard.Tests;

/// <summary>
/// A host of synthetic containers posted to the ingest as an agent would (CloudEvent batches with increasing
/// sequences): container <c>i</c> is <c>fleet-NNNN</c>, its CPU <c>(i × 7 + tick) mod 97</c> percent, so that the
/// order by CPU changes from one batch to the next.
/// </summary>
internal sealed class SyntheticFleet(HttpClient http, string host, int containers)
{
    private long _sequence;

    public string Host => host;

    public static string Id(int i) => $"f{i:D4}{new string('e', 59)}";

    public static string Name(int i) => $"fleet-{i:D4}";

    public static double Cpu(int i, int tick) => (i * 7 + tick) % 97;

    public async Task PostAsync(int tick, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var samples = Enumerable.Range(0, containers).Select(i => new Dictionary<string, object>
        {
            ["container_id"] = Id(i),
            ["container_name"] = Name(i),
            ["service_name"] = $"svc-{i % 5}",
            ["host"] = host,
            ["timestamp"] = now,
            ["cpu_percent"] = Cpu(i, tick),
            ["memory_usage"] = 50_000_000L + i * 1000L,
            ["memory_limit"] = 1_000_000_000L,
            ["memory_percent"] = 5.0 + i / 1000.0,
            ["network_rx_bytes"] = tick * 1000L,
            ["network_tx_bytes"] = tick * 500L,
            ["pids"] = 1 + i % 9,
            ["sequence"] = Interlocked.Increment(ref _sequence),
        }).ToList();
        var batch = new Dictionary<string, object>
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = $"wakedock://agent/{host}",
            ["type"] = "io.wakedock.samples.batch.v1",
            ["datacontenttype"] = "application/json",
            ["time"] = now,
            ["data"] = new Dictionary<string, object>
            {
                ["host"] = host,
                ["first_sequence"] = (long)samples[0]["sequence"],
                ["last_sequence"] = (long)samples[^1]["sequence"],
                ["interval_seconds"] = 1,
                ["samples"] = samples,
                ["events"] = Array.Empty<object>(),
            },
        };
        using var content = new StringContent(JsonSerializer.Serialize(batch), Encoding.UTF8, "application/cloudevents+json");
        using var response = await http.PostAsync("/ingest/samples", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
