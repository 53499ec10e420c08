using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Benchmarks;

/// <summary>
/// The load generator: agents POSTing CloudEvents of 100 samples to the real ingest route over loopback,
/// as many in flight as <c>--concurrency</c>; counts the samples acknowledged SUCCESS per second. <c>--url</c> may list several
/// instances (comma-separated): agent i posts to instance i mod N, as a broker partitioning by host would deliver.
/// </summary>
internal static class IngestLoad
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var urls = args.Text("url").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(new Uri(u), PipelineNames.IngestRoute)).ToArray();
        var seconds = args.Number("seconds", 15);
        var warmup = args.Number("warmup", 3);
        var concurrency = args.Number("concurrency", 32);
        var containers = args.Number("containers", 100);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false, AutomaticDecompression = DecompressionMethods.None });
        var acknowledged = 0L;
        var failed = 0L;
        var stopwatch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(warmup + seconds));
        var perSecond = new List<double>();
        var sampler = Task.Run(async () =>
        {
            var last = 0L;
            for (var second = 1; second <= warmup + seconds; second++)
            {
                await Task.Delay(TimeSpan.FromSeconds(second) - stopwatch.Elapsed);
                var now = Interlocked.Read(ref acknowledged);
                if (second > warmup)
                {
                    perSecond.Add(now - last);
                }

                last = now;
            }
        });

        var agents = Enumerable.Range(0, concurrency).Select(agent => Task.Run(async () =>
        {
            // each worker is one agent (one host) with its own containers and sequence numbers
            var fleet = new SyntheticContainers(containers, 1, seed: agent);
            var host = $"bench-{agent}-{Environment.ProcessId}";
            var url = urls[agent % urls.Length];
            for (var batch = 0L; !stop.IsCancellationRequested; batch++)
            {
                var samples = fleet.Step(DateTimeOffset.UtcNow, 5).Select(s => s with { Host = host }).ToList();
                var cloudEvent = new CloudEvent<SampleBatch>
                {
                    Id = $"{host}-{batch}",
                    Source = CloudEventTypes.AgentSource(host),
                    Type = CloudEventTypes.SampleBatch,
                    Time = DateTimeOffset.UtcNow,
                    Data = new SampleBatch { Host = host, FirstSequence = samples[0].Sequence, LastSequence = samples[^1].Sequence, IntervalSeconds = 5, Samples = samples },
                };
                using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(cloudEvent, WakeDockJson.Context.CloudEventSampleBatch));
                content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventTypes.MediaType);
                try
                {
                    using var response = await http.PostAsync(url, content, stop.Token);
                    var body = await response.Content.ReadAsStringAsync(stop.Token);
                    if (response.IsSuccessStatusCode && body.Contains("SUCCESS", StringComparison.Ordinal))
                    {
                        Interlocked.Add(ref acknowledged, samples.Count);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        })).ToList();

        await Task.WhenAll(agents);
        await sampler;
        var median = Stats.Median(perSecond);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest: median {median:0} samples/s over {perSecond.Count} s (min {perSecond.Min():0}, max {perSecond.Max():0}); {concurrency} agents, {containers} samples per CloudEvent; {failed} batches not acknowledged"));
        return failed == 0 ? 0 : 1;
    }
}
