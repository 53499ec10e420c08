using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>One delivery target: Dapr, direct HTTP or in-process.</summary>
public interface IBatchPublisher
{
    /// <summary>For logs and metric tags: <c>dapr</c>, <c>http</c>, <c>inprocess</c>.</summary>
    string Target { get; }

    /// <summary>Whether <see cref="PublishAsync"/> reads its <c>json</c> argument; when not, it gets empty bytes.</summary>
    bool SendsJson => true;

    /// <param name="batch">The batch.</param>
    /// <param name="json">The same batch serialized, as it is spooled and sent over HTTP; empty when <see cref="SendsJson"/> is false.</param>
    /// <param name="cancellationToken">Stops the attempt.</param>
    Task<BatchAcceptance> PublishAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken);
}
