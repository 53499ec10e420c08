using WakeDock.Contracts;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Predictions;

/// <summary>When a container's memory, growing in a straight enough line, reaches its limit.</summary>
public sealed record MemoryForecast(DateTimeOffset ReachesLimitAt, TimeSpan Left, long Usage, long Limit, LinearFit Fit)
{
    /// <summary>Null unless the samples (one container, any order) grow toward the limit clearly enough to say when.</summary>
    public static MemoryForecast? Of(IReadOnlyList<ContainerSample> samples, DateTimeOffset now, PredictionOptions options)
    {
        var recent = samples.Where(s => s.Timestamp > now - options.Window && s.Timestamp <= now && s.MemoryLimit > 0).OrderBy(s => s.Timestamp).ToList();
        if (recent.Count < options.MinPoints || recent[^1].Timestamp - recent[0].Timestamp < options.MinSpan)
        {
            return null;
        }

        var origin = recent[0].Timestamp;
        var fit = LinearFit.Of(recent.Select(s => ((s.Timestamp - origin).TotalSeconds, (double)s.MemoryUsage)).ToList());
        var last = recent[^1];
        if (fit is null || fit.RSquared < options.MinRSquared || last.MemoryUsage >= last.MemoryLimit || fit.XAt(last.MemoryLimit) is not { } seconds)
        {
            return null;
        }

        var at = origin + TimeSpan.FromSeconds(seconds);
        return at <= now ? null : new MemoryForecast(at, at - now, last.MemoryUsage, last.MemoryLimit, fit);
    }
}
