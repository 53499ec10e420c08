namespace WakeDock.EdgeAgent.Sampling;

/// <summary>
/// Stats reads attempted and failed since the last batch, for the pipeline's collection success rate. A round
/// lost to an unreachable engine counts every monitored container as a failed read, reported with the next batch.
/// </summary>
public sealed class ReadTally
{
    private int _attempted;
    private int _failed;

    public void Count(int attempted, int failed)
    {
        Interlocked.Add(ref _attempted, attempted);
        Interlocked.Add(ref _failed, failed);
    }

    /// <summary>The counts since the previous call, reset.</summary>
    public (int Attempted, int Failed) Take() => (Interlocked.Exchange(ref _attempted, 0), Interlocked.Exchange(ref _failed, 0));
}
