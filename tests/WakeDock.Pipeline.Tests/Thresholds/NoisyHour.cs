using System.Globalization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Tests.Thresholds;

/// <summary>
/// The recorded noisy hour (<c>Data/noisy-hour.csv</c>, written by <c>noisy-hour.py</c>): two CPU burners on a busy
/// 2-core machine, a sample every 5 s, and the sustained breaches it holds.
/// </summary>
internal static class NoisyHour
{
    public const double IntervalSeconds = 5;
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>One batch per interval, both burners in it.</summary>
    public static IReadOnlyList<SampleBatch> Batches()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Thresholds", "Data", "noisy-hour.csv"));
        var names = lines[0].Split(',')[1..];
        return lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split(',');
            var at = Start.AddSeconds(double.Parse(cells[0], CultureInfo.InvariantCulture));
            return new SampleBatch
            {
                Host = "busy-host",
                IntervalSeconds = IntervalSeconds,
                Samples = names.Select((name, i) => new ContainerSample
                {
                    ContainerId = name,
                    ContainerName = name,
                    ServiceName = "burners",
                    Host = "busy-host",
                    Timestamp = at,
                    CpuPercent = double.Parse(cells[i + 1], CultureInfo.InvariantCulture),
                    MemoryPercent = 10,
                }).ToList(),
            };
        }).ToList();
    }

    /// <summary>Maximal runs of samples of one container at or above <paramref name="level"/> lasting at least <paramref name="atLeast"/>.</summary>
    public static IEnumerable<(string Container, DateTimeOffset From, DateTimeOffset To)> Breaches(IReadOnlyList<SampleBatch> batches, double level, TimeSpan atLeast)
    {
        foreach (var container in batches[0].Samples.Select(s => s.ContainerId))
        {
            DateTimeOffset? from = null;
            DateTimeOffset last = default;
            foreach (var sample in batches.SelectMany(b => b.Samples).Where(s => s.ContainerId == container))
            {
                if (sample.CpuPercent >= level)
                {
                    from ??= sample.Timestamp;
                    last = sample.Timestamp;
                    continue;
                }

                if (from is { } f && last - f >= atLeast)
                {
                    yield return (container, f, last);
                }

                from = null;
            }

            if (from is { } open && last - open >= atLeast)
            {
                yield return (container, open, last);
            }
        }
    }
}
