using WakeDock.Contracts;
using WakeDock.Pipeline.Tiers;

namespace WakeDock.Pipeline.Predictions;

/// <summary>
/// A container's usual value for one hour of the week: the robust baseline of the 1 h tier's averages at the same
/// weekday and hour in the previous weeks.
/// </summary>
public static class HourOfWeekBaseline
{
    /// <summary>The hours (UTC) whose averages make the baseline of <paramref name="hour"/>: the same hour 1…<paramref name="weeks"/> weeks before.</summary>
    public static IEnumerable<DateTimeOffset> HoursBefore(DateTimeOffset hour, int weeks)
        => Enumerable.Range(1, weeks).Select(w => hour - TimeSpan.FromDays(7 * w));

    public static RobustZScore? Of(IEnumerable<RollupPoint> history, DateTimeOffset hour, MetricType metric, int minPoints)
    {
        var values = history
            .Where(p => p.Timestamp < hour && p.Timestamp.DayOfWeek == hour.DayOfWeek && p.Timestamp.Hour == hour.Hour)
            .Select(p => ValueOf(p, metric))
            .ToList();
        return values.Count >= minPoints ? RobustZScore.Of(values) : null;
    }

    public static double ValueOf(RollupPoint point, MetricType metric) => metric switch
    {
        MetricType.CpuAnomaly => point.CpuPercent.Avg,
        MetricType.MemoryAnomaly => point.MemoryPercent.Avg,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not an anomaly metric."),
    };
}
