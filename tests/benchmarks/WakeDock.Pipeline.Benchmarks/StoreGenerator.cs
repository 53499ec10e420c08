using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using WakeDock.Contracts;
using WakeDock.Pipeline.Storage.Local;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Tiers;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Pipeline.Benchmarks;

/// <summary>
/// Writes the store a host would have after running for <c>--days</c>: closed segments (about 50 MB of
/// JSONL each before compaction, regrouped by container and gzip'd, with their index) and the 1 min,
/// 15 min and 1 h tiers up to the last full hour; the current hour is left to the hot tier, as in a live host.
/// </summary>
internal static class StoreGenerator
{
    private const int StepsPerSegment = 1024;

    public static async Task<int> RunAsync(Arguments args)
    {
        var path = args.Text("path");
        var days = args.Number("days", 7);
        var containers = args.Number("containers", 100);
        var interval = args.Number("interval", 5);
        var hosts = args.Number("hosts", 4);
        var started = Stopwatch.StartNew();
        var store = new LocalFolderStore(path);
        var tiers = new TierStore(store);
        var fleet = new SyntheticContainers(containers, hosts, seed: 42, busyTenths: args.Number("busy-tenths", 3));
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / interval * interval);
        var start = now.AddDays(-days);

        var slices = Channel.CreateBounded<(SegmentName Name, List<ChunkLine> Lines)>(2);
        long rawBytes = 0, compressedBytes = 0, samples = 0;
        var writers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            await foreach (var (name, lines) in slices.Reader.ReadAllAsync())
            {
                var (content, index) = ContainerChunk.Build(lines);
                await store.WriteAsync(SegmentName.IndexOf(name.FileName), SegmentCompactor.IndexLines(index));
                await store.WriteAsync(name.FileName, content);
                Interlocked.Add(ref compressedBytes, content.Length);
                Interlocked.Add(ref rawBytes, lines.Sum(l => l.Json.Length + 1L));
            }
        })).ToList();

        var slice = new List<ChunkLine>();
        var hour = new List<ContainerSample>();
        var sliceDay = DateOnly.FromDateTime(start.UtcDateTime);
        var segment = 0;
        var steps = 0;
        var hourStart = RollupFunction.FloorHour(start);
        for (var at = start; at < now; at = at.AddSeconds(interval))
        {
            var day = DateOnly.FromDateTime(at.UtcDateTime);
            if (day != sliceDay || steps == StepsPerSegment)
            {
                await slices.Writer.WriteAsync((new SegmentName(SegmentName.Metrics, sliceDay, null, segment, Compressed: true), slice));
                segment = day == sliceDay ? segment + 1 : 0;
                sliceDay = day;
                slice = [];
                steps = 0;
            }

            if (RollupFunction.FloorHour(at) != hourStart)
            {
                await tiers.AppendHourAsync(hourStart, hour, CancellationToken.None);
                hour.Clear();
                hourStart = RollupFunction.FloorHour(at);
            }

            foreach (var sample in fleet.Step(at, interval))
            {
                slice.Add(new ChunkLine(sample.ContainerId, sample.ServiceName, sample.Host, sample.Timestamp, LineEncoder.Line(sample, WakeDockJson.Context.ContainerSample).AsMemory(..^1)));
                hour.Add(sample);
                samples++;
            }

            steps++;
        }

        await slices.Writer.WriteAsync((new SegmentName(SegmentName.Metrics, sliceDay, null, segment, Compressed: true), slice));
        slices.Writer.Complete();
        await Task.WhenAll(writers);
        await tiers.SaveAsync(hourStart, CancellationToken.None);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {samples:N0} samples of {containers} containers over {days} days in {started.Elapsed.TotalSeconds:0} s: {rawBytes / (double)samples:0.0} bytes/sample as JSONL, {compressedBytes / (double)samples:0.00} bytes/sample in closed segments ({compressedBytes / 1048576.0:0} MiB)"));
        return 0;
    }
}
