using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>What a sink did with a batch, as Dapr's SUCCESS / RETRY / DROP.</summary>
public enum BatchAcceptance
{
    /// <summary>Stored (or known already): the agent forgets it.</summary>
    Accepted,

    /// <summary>Not now: the agent spools it and offers it again later, in order.</summary>
    Retry,

    /// <summary>Never: the agent drops it, counted as dropped with reason <c>rejected</c>.</summary>
    Rejected,
}

/// <summary>
/// The in-process target: in embedded mode the functions host registers its ingest as an
/// <see cref="IBatchSink"/> and the agent hands each batch over without a network hop. An
/// exception counts as <see cref="BatchAcceptance.Retry"/>.
/// </summary>
public interface IBatchSink
{
    ValueTask<BatchAcceptance> AcceptAsync(CloudEvent<SampleBatch> batch, CancellationToken cancellationToken);
}
