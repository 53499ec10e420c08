using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;

namespace WakeDock.Pipeline.Benchmarks;

/// <summary>
/// The ingest service alone, called as the embedded agent calls it (no HTTP, no JSON): what the pipeline
/// costs without the transport; and, apart, what parsing the CloudEvents costs.
/// </summary>
internal static class InProcessIngest
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var batches = args.Number("batches", 3000);
        var concurrency = args.Number("concurrency", 32);
        await using var app = await BenchHost.StartAsync(args.Text("path"));
        var ingest = app.Services.GetRequiredService<IBatchIngest>();

        var events = new List<CloudEvent<SampleBatch>>();
        for (var agent = 0; agent < concurrency; agent++)
        {
            var fleet = new SyntheticContainers(100, 1, agent);
            var host = $"inproc-{agent}";
            for (var b = 0; b < batches / concurrency; b++)
            {
                var samples = fleet.Step(DateTimeOffset.UtcNow, 5).Select(s => s with { Host = host }).ToList();
                events.Add(new CloudEvent<SampleBatch>
                {
                    Id = $"{host}-{b}",
                    Source = CloudEventTypes.AgentSource(host),
                    Type = CloudEventTypes.SampleBatch,
                    Data = new SampleBatch { Host = host, IntervalSeconds = 5, Samples = samples, FirstSequence = samples[0].Sequence, LastSequence = samples[^1].Sequence },
                });
            }
        }

        var payloads = events.Take(500).Select(e => JsonSerializer.SerializeToUtf8Bytes(e, WakeDockJson.Context.CloudEventSampleBatch)).ToList();
        var parse = Stopwatch.StartNew();
        foreach (var payload in payloads)
        {
            JsonSerializer.Deserialize(payload, WakeDockJson.Context.CloudEventSampleBatch);
        }

        var parseMicros = parse.Elapsed.TotalMicroseconds / payloads.Count;
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events.Count)
            {
                await ingest.IngestAsync(events[i], IngestOrigin.InProcess);
            }
        })));
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        var stored = events.Count * 100;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process ingest: {stored / watch.Elapsed.TotalSeconds:0} samples/s, {cpu.TotalMicroseconds / stored:0.0} µs CPU per sample; parsing a CloudEvent of 100 samples: {parseMicros:0} µs"));
        await app.StopAsync();
        return 0;
    }
}
