using WakeDock.Contracts;

namespace WakeDock.Observability.Tests.Support;

/// <summary>Samples and batch CloudEvents for tests.</summary>
internal static class Batches
{
    public static ContainerSample Sample(string container, DateTimeOffset at, double cpu = 10, long memory = 200_000_000, long sequence = 0,
        string host = "host-1", string? service = "web", string? name = null, string? image = "busybox:latest")
        => new()
        {
            ContainerId = container,
            ContainerName = name ?? container + "-name",
            ServiceName = service,
            Host = host,
            Image = image,
            Timestamp = at,
            CpuPercent = cpu,
            MemoryUsage = memory,
            MemoryLimit = 1_000_000_000,
            MemoryPercent = memory / 10_000_000.0,
            NetworkRxBytes = 1000 + sequence,
            NetworkTxBytes = 500 + sequence,
            BlockReadBytes = 4096,
            BlockWriteBytes = 8192,
            Pids = 3,
            Sequence = sequence,
        };

    public static CloudEvent<SampleBatch> Of(string id, IReadOnlyList<ContainerSample> samples, string host = "host-1", double interval = 5, string? traceParent = null)
        => new()
        {
            Id = id,
            Source = CloudEventTypes.AgentSource(host),
            Type = CloudEventTypes.SampleBatch,
            Time = samples.Count > 0 ? samples.Max(s => s.Timestamp) : DateTimeOffset.UtcNow,
            TraceParent = traceParent,
            Data = new SampleBatch
            {
                Host = host,
                FirstSequence = samples.Count > 0 ? samples.Min(s => s.Sequence) : 1,
                LastSequence = samples.Count > 0 ? samples.Max(s => s.Sequence) : 0,
                IntervalSeconds = interval,
                Samples = samples,
                Events = [],
            },
        };
}
