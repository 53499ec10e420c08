namespace WakeDock.EdgeAgent.Collection;

/// <summary>
/// Ticks at start + n × interval, whatever a collection took: no drift. A tick that a slow
/// collection overran is skipped, never run late in a burst.
/// </summary>
public sealed record TickSchedule(DateTimeOffset Start, TimeSpan Interval)
{
    /// <summary>The first tick strictly after <paramref name="now"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset now)
    {
        var elapsed = now - Start;
        var ticks = elapsed < TimeSpan.Zero ? 0 : (long)Math.Floor(elapsed / Interval) + 1;
        return Start + (Interval * ticks);
    }
}
