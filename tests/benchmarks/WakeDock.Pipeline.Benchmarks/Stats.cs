using System.Globalization;

namespace WakeDock.Pipeline.Benchmarks;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentiles.Of(values, 50);

    /// <summary>Resident and peak resident memory of this process, from /proc.</summary>
    public static (long Rss, long Peak) Memory()
    {
        long Read(string key) => File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();
        return (Read("VmRSS:"), Read("VmHWM:"));
    }
}
