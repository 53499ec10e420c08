using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;

namespace WakeDock.Testing;

/// <summary>Samples and batches for tests.</summary>
public static class Samples
{
    public static ContainerSample Of(string container, DateTimeOffset at, double cpu = 10, double memory = 20, long sequence = 0, string host = "host-1", string? service = "web", double rxBytesPerSec = 0)
        => new()
        {
            ContainerId = container,
            ContainerName = container + "-name",
            ServiceName = service,
            Host = host,
            Image = "busybox:latest",
            Timestamp = at,
            CpuPercent = cpu,
            MemoryPercent = memory,
            MemoryUsage = (long)(memory * 10_000_000),
            MemoryLimit = 1_000_000_000,
            NetworkRxBytes = sequence * 1000,
            NetworkTxBytes = sequence * 500,
            NetworkRxBytesPerSec = rxBytesPerSec,
            Pids = 3,
            Sequence = sequence,
        };

    public static CloudEvent<SampleBatch> Batch(string id, IReadOnlyList<ContainerSample> samples, string host = "host-1", IReadOnlyList<ContainerEvent>? events = null)
        => new()
        {
            Id = id,
            Source = CloudEventTypes.AgentSource(host),
            Type = CloudEventTypes.SampleBatch,
            Time = samples.Count > 0 ? samples.Max(s => s.Timestamp) : DateTimeOffset.UtcNow,
            Data = new SampleBatch
            {
                Host = host,
                FirstSequence = samples.Count > 0 ? samples.Min(s => s.Sequence) : 1,
                LastSequence = samples.Count > 0 ? samples.Max(s => s.Sequence) : 0,
                IntervalSeconds = 5,
                Samples = samples,
                Events = events ?? [],
            },
        };

    /// <summary>A batch of <paramref name="containers"/> samples numbered from <paramref name="firstSequence"/>.</summary>
    public static CloudEvent<SampleBatch> NumberedBatch(long firstSequence, int containers, DateTimeOffset at, string host = "host-1")
        => Batch($"batch-{host}-{firstSequence}", Enumerable.Range(0, containers).Select(i => Of($"c{i:000}", at, 5 + i % 50, 30, firstSequence + i, host)).ToList(), host);

    /// <summary>The CPU alert of the notification tests: critical or warning, firing or resolved.</summary>
    public static AlertRecord Alert(AlertLevel level, DateTimeOffset at, AlertState state = AlertState.Firing) => new(new Contracts.Alert
    {
        Id = "episode-1",
        ContainerId = "abc123",
        ContainerName = "web-server",
        ServiceName = "web",
        Host = "host-1",
        Timestamp = at,
        Level = level,
        State = state,
        MetricType = MetricType.CpuPercent,
        Value = 95,
        Threshold = 90,
        Message = "CPU critique: 95.0% (seuil: 90%)",
    }, state == AlertState.Resolved ? AlertChange.Resolved : AlertChange.Fired);
}
