namespace WakeDock.EdgeAgent.Spool;

/// <summary>
/// Exponential backoff with jitter: the n-th wait is drawn between half and all of
/// min(max, initial × 2ⁿ), so that many agents coming back together do not retry in step.
/// </summary>
public sealed class ReplayBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    private int _failures;

    public TimeSpan Next()
    {
        var ceiling = initial * Math.Pow(2, Math.Min(_failures, 30));
        if (ceiling > max)
        {
            ceiling = max;
        }

        _failures++;
        return ceiling * (0.5 + (random.NextDouble() * 0.5));
    }

    public void Reset() => _failures = 0;
}
