using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Tiers;

namespace WakeDock.Pipeline.Triggers;

/// <summary>
/// Rolls each finished hour (two minutes of grace for late batches) up into the 1-minute, 15-minute
/// and 1-hour tiers, from the hot tier or the segments, and moves the watermark. After downtime it catches up on
/// at most <c>RollupCatchUp</c>.
/// </summary>
public sealed class RollupFunction(RawSamples raw, TierStore tiers, RecentSamples recent, TimeProvider time, IOptions<WakeDockOptions> options) : ITimerFunction
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public string Name => TriggerTable.Rollup;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var end = FloorHour(now - Grace);
        var earliest = FloorHour(now - options.Value.Retention.RollupCatchUp);
        var hour = tiers.RolledUpTo ?? FloorHour(recent.Floor);
        if (hour < earliest)
        {
            hour = earliest;
        }

        for (; hour + TimeSpan.FromHours(1) <= end; hour += TimeSpan.FromHours(1))
        {
            var samples = await raw.ReadAsync(SampleFilter.All, hour, hour + TimeSpan.FromHours(1) - TimeSpan.FromTicks(1), cancellationToken);
            await tiers.AppendHourAsync(hour, samples, cancellationToken);
            await tiers.SaveAsync(hour + TimeSpan.FromHours(1), cancellationToken);
        }
    }

    public static DateTimeOffset FloorHour(DateTimeOffset at) => new(at.UtcTicks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, TimeSpan.Zero);
}
