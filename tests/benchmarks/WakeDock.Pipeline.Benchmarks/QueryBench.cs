using System.Diagnostics;
using System.Globalization;
using WakeDock.Pipeline.Query;

namespace WakeDock.Pipeline.Benchmarks;

/// <summary>
/// Starts the functions host in this process on a generated store and times the query core: one
/// container's last hour, one container's 7 days at 500 points, every container's last 5 minutes.
/// The resident memory reported is the host's, since it runs here.
/// </summary>
internal static class QueryBench
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var runs = args.Number("runs", 200);
        var started = Stopwatch.StartNew();
        await using var app = await BenchHost.StartAsync(args.Text("path"));
        var startup = started.Elapsed;
        var queries = app.Services.GetRequiredService<SampleQueries>();
        var monitored = app.Services.GetRequiredService<ContainerQueries>().List(new ContainerQuery());
        var containers = monitored.Select(c => c.ContainerId).ToList();
        // the store ends when it was generated: windows end at its newest sample
        var now = monitored.Max(c => c.LastUpdate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host started in {startup.TotalSeconds:0.0} s with {containers.Count} containers in the hot tier; RSS {Stats.Memory().Rss / 1048576.0:0} MiB, peak {Stats.Memory().Peak / 1048576.0:0} MiB"));

        var results = new List<string>();
        async Task Measure(string name, int count, Func<int, SampleQuery> query, double budgetMs)
        {
            var timings = new List<double>();
            var points = 0;
            for (var i = -5; i < count; i++)
            {
                var watch = Stopwatch.StartNew();
                var result = await queries.QueryAsync(query(Math.Abs(i)));
                watch.Stop();
                if (i >= 0)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                    points = result.Samples.Count;
                }
            }

            var line = string.Create(CultureInfo.InvariantCulture,
                $"{name}: p50 {Stats.Median(timings):0.00} ms, p95 {Percentiles.Of(timings, 95):0.00} ms (budget {budgetMs} ms) over {count} runs, {points} points each");
            results.Add(line);
            Console.WriteLine(line);
        }

        await Measure("one container, last 1 h", runs, i => new SampleQuery { ContainerId = containers[i % containers.Count], From = now.AddHours(-1), To = now, Limit = 1000 }, 20);
        await Measure("one container, 7 days at 500 points", Math.Max(20, runs / 4), i => new SampleQuery { ContainerId = containers[i % containers.Count], From = now.AddDays(-7), To = now, Limit = 500, Order = SampleOrder.Downsampled }, 100);
        await Measure("all containers, last 5 min", runs, _ => new SampleQuery { From = now.AddMinutes(-5), To = now, Limit = 10_000 }, 50);
        var (rss, peak) = Stats.Memory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host memory while serving: RSS {rss / 1048576.0:0} MiB, peak RSS {peak / 1048576.0:0} MiB (budget 300 MiB)"));
        await app.StopAsync();
        return 0;
    }
}
