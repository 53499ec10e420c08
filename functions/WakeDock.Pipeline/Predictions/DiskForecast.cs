using WakeDock.Pipeline.Hosts;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Predictions;

/// <summary>When a host's file system, its free space falling in a straight enough line, is full (nothing left to use).</summary>
public sealed record DiskForecast(string Mountpoint, DateTimeOffset FullAt, TimeSpan Left, long AvailableBytes, long SizeBytes, LinearFit Fit)
{
    /// <summary>Null unless the free space (readings oldest first) falls clearly enough over the window to say when it runs out.</summary>
    public static DiskForecast? Of(string mountpoint, IReadOnlyList<SpacePoint> points, DateTimeOffset now, PredictionOptions options)
    {
        var recent = points.Where(p => p.At > now - options.DiskWindow && p.At <= now && p.SizeBytes > 0).ToList();
        if (recent.Count < options.MinPoints || recent[^1].At - recent[0].At < options.DiskMinSpan)
        {
            return null;
        }

        var origin = recent[0].At;
        // The used space rises toward the size as the free space falls to zero.
        var fit = LinearFit.Of(recent.Select(p => ((p.At - origin).TotalSeconds, (double)(p.SizeBytes - p.AvailableBytes))).ToList());
        var last = recent[^1];
        if (fit is null || fit.RSquared < options.MinRSquared || last.AvailableBytes <= 0 || fit.XAt(last.SizeBytes) is not { } seconds)
        {
            return null;
        }

        var at = origin + TimeSpan.FromSeconds(seconds);
        return at <= now ? null : new DiskForecast(mountpoint, at, at - now, last.AvailableBytes, last.SizeBytes, fit);
    }
}
