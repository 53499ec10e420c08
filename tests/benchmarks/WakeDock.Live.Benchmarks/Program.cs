using System.Globalization;

namespace WakeDock.Live.Benchmarks;

/// <summary>
/// The live streams' benchmarks, run by <c>scripts/bench/live.sh</c>:
/// <c>fanout --url U --pid P [--clients 100] [--containers 100] [--interval 5] [--seconds 60]</c> — raw WebSocket clients
/// subscribed to everything while batches are posted to the ingest, the host's CPU read from /proc;
/// <c>browser --url U [--seconds 60] [--chromium /usr/bin/chromium]</c> — the dashboard in headless Chromium:
/// ingest-to-screen latency and the longest frames;
/// <c>fleet --url U [--containers 1000] [--interval 5] [--seconds 60] [--chromium …]</c> — the dashboard with a fleet of
/// synthetic containers while its table is sorted, cut and scrolled: our work per batch and render, frames;
/// <c>scaleout-fleet --urls U1,U2,U3 --pids P1,P2,P3 [--hosts 500] [--containers 50] [--interval 10] [--seconds 600]</c> — a
/// fleet posting to scaled-out instances, a browser on the first: sample-to-browser latency, each instance's memory.
/// </summary>
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        var options = Arguments.Parse(args.Skip(1));
        return args.FirstOrDefault() switch
        {
            "fanout" => await FanOutLoad.RunAsync(options),
            "browser" => await BrowserProbe.RunAsync(options),
            "fleet" => await FleetProbe.RunAsync(options),
            "scaleout-fleet" => await ScaleOutFleetProbe.RunAsync(options),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: WakeDock.Live.Benchmarks fanout|browser|fleet|scaleout-fleet [--name value]…");
        return 2;
    }
}

internal static class Stats
{
    /// <summary>User and system CPU of a process so far, from /proc/&lt;pid&gt;/stat.</summary>
    public static TimeSpan CpuOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
