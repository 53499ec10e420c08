using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Tests.Support;

internal static class Batches
{
    public static CloudEvent<SampleBatch> Numbered(long first, int samples = 1) => new()
    {
        Id = $"batch-{first}",
        Source = CloudEventTypes.AgentSource("test-host"),
        Type = CloudEventTypes.SampleBatch,
        Time = DateTimeOffset.UnixEpoch,
        Data = new SampleBatch
        {
            Host = "test-host",
            FirstSequence = first,
            LastSequence = first + samples - 1,
            Samples = [.. Enumerable.Range(0, samples).Select(i => new ContainerSample { ContainerId = "c", Timestamp = DateTimeOffset.UnixEpoch, Sequence = first + i })],
        },
    };
}
