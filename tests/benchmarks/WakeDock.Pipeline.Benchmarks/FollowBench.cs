using System.Diagnostics;
using System.Globalization;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.ScaleOut;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Benchmarks;

/// <summary>
/// What following costs an instance: writer a ingests in process, then writer b (scale-out on, same folder) reads
/// it all in one follow pass; CPU per followed sample, beside the CPU of parsing the same segments alone (with the
/// serializer, and with the follower's own line reader).
/// </summary>
internal static class FollowBench
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var batches = args.Number("batches", 2000);
        var agents = args.Number("agents", 16);
        var path = args.Text("path");
        await using var writer = await BenchHost.StartAsync(path, ScaleOut("a"));
        await using var follower = await BenchHost.StartAsync(path, ScaleOut("b"));
        var ingest = writer.Services.GetRequiredService<IBatchIngest>();
        var samples = 0;
        for (var b = 0; b < batches / agents; b++)
        {
            var at = DateTimeOffset.UtcNow;
            await Task.WhenAll(Enumerable.Range(0, agents).Select(agent =>
            {
                var host = $"follow-{agent}";
                var batch = new SyntheticContainers(100, 1, agent).Step(at, 5).Select(s => s with { Host = host, Sequence = (b * 100) + s.Sequence }).ToList();
                Interlocked.Add(ref samples, batch.Count);
                return ingest.IngestAsync(new CloudEvent<SampleBatch>
                {
                    Id = $"{host}-{b}",
                    Source = CloudEventTypes.AgentSource(host),
                    Type = CloudEventTypes.SampleBatch,
                    Data = new SampleBatch { Host = host, IntervalSeconds = 5, Samples = batch, FirstSequence = batch[0].Sequence, LastSequence = batch[^1].Sequence },
                }, IngestOrigin.InProcess);
            }));
        }

        var store = follower.Services.GetRequiredService<IBlobStore>();
        var segments = new List<byte[]>();
        await foreach (var blob in store.ListAsync(SegmentName.Metrics + "_"))
        {
            if (SegmentName.TryParse(blob.Name) is { Compressed: false, Writer: "a" } && await store.ReadAsync(blob.Name, 0, blob.Length) is { } bytes)
            {
                segments.Add(bytes);
            }
        }

        var parseCpu = Enumerable.Range(0, 3).Select(_ => Cpu(() =>
        {
            foreach (var bytes in segments)
            {
                JsonlReader.Read(bytes.AsMemory(0, (int)JsonlReader.CompleteLength(bytes)), WakeDockJson.Context.ContainerSample);
            }
        })).Min();
        var lineReader = new SampleLineReader();
        var lineReaderCpu = Enumerable.Range(0, 3).Select(_ => Cpu(() =>
        {
            foreach (var bytes in segments)
            {
                lineReader.ReadAll(bytes.AsMemory(0, (int)JsonlReader.CompleteLength(bytes)));
            }
        })).Min();
        var peer = follower.Services.GetRequiredService<PeerFollower>();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await peer.CatchUpAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        watch.Stop();
        var followCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"follow: {samples} samples in {watch.Elapsed.TotalMilliseconds:0} ms, {followCpu.TotalMicroseconds / samples:0.00} µs CPU per sample; parsing alone: serializer {parseCpu.TotalMicroseconds / samples:0.00} µs, the follower's line reader {lineReaderCpu.TotalMicroseconds / samples:0.00} µs"));
        await follower.StopAsync();
        await writer.StopAsync();
        return 0;
    }

    private static Dictionary<string, string?> ScaleOut(string writer) => new()
    {
        ["WakeDock:ScaleOut:Enabled"] = "true",
        ["WakeDock:Storage:WriterId"] = writer,
        ["WakeDock:ScaleOut:FollowInterval"] = "01:00:00",
    };

    private static TimeSpan Cpu(Action action)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        action();
        return Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    }
}
