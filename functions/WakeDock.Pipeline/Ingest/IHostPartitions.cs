namespace WakeDock.Pipeline.Ingest;

/// <summary>Whether this instance may ingest a host's batches now.</summary>
public interface IHostPartitions
{
    /// <summary>Takes the host's partition (waiting a while if another instance holds it); false when it stays elsewhere.</summary>
    Task<bool> EnterAsync(string host, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the partition record, conditional on the version this instance holds, before a claimed batch is stored;
    /// false when another instance took the partition over (the batch must not be stored here).
    /// </summary>
    Task<bool> FenceAsync(string host, IReadOnlyList<(long Low, long High)> pending, CancellationToken cancellationToken);

    /// <summary>The batch that entered is done with the partition.</summary>
    void Leave(string host);
}

/// <summary>One instance: every host is always this instance's.</summary>
public sealed class SingleInstancePartitions : IHostPartitions
{
    public Task<bool> EnterAsync(string host, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> FenceAsync(string host, IReadOnlyList<(long Low, long High)> pending, CancellationToken cancellationToken) => Task.FromResult(true);

    public void Leave(string host)
    {
    }
}
