namespace WakeDock.Contracts;

/// <summary>
/// A queue message standing for a batch too large for a storage-queue message (64 KB): the batch's CloudEvent was
/// uploaded first as the blob <see cref="ClaimCheck"/> (under <see cref="PipelineNames.ClaimCheckPrefix"/>), which the
/// ingest reads, ingests and deletes.
/// </summary>
public sealed record BatchClaimCheck(string ClaimCheck);
