namespace WakeDock.Pipeline.Storage;

/// <summary>The raw segments other instances (writers) are done with, which the compaction of any instance may take.</summary>
public interface ISegmentPeers
{
    /// <summary>Closed raw segments of other writers, once this instance has read them all (its dedupe ledger covers them).</summary>
    Task<IReadOnlyList<SegmentName>> ClosedAsync(CancellationToken cancellationToken);
}

/// <summary>One instance: no other writer.</summary>
public sealed class NoSegmentPeers : ISegmentPeers
{
    public Task<IReadOnlyList<SegmentName>> ClosedAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SegmentName>>([]);
}
