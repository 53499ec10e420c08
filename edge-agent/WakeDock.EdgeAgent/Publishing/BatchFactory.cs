using System.Diagnostics;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Sampling;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>
/// Wraps one interval's samples and events as the batch CloudEvent: a time-ordered unique id,
/// source <c>wakedock://agent/&lt;host&gt;</c>, a W3C <c>traceparent</c>, and the samples numbered from
/// the host's <see cref="SequenceAllocator"/>.
/// </summary>
public sealed class BatchFactory(IOptions<AgentOptions> options, SequenceAllocator sequences, TimeProvider time)
{
    private readonly AgentOptions _options = options.Value;

    public CloudEvent<SampleBatch> Create(IReadOnlyList<ContainerSample> samples, IReadOnlyList<ContainerEvent> events, HostMetrics? host = null, (int Attempted, int Failed)? reads = null)
    {
        var first = sequences.Reserve(samples.Count);
        var now = time.GetUtcNow();
        return new CloudEvent<SampleBatch>
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Source = CloudEventTypes.AgentSource(_options.HostName),
            Type = CloudEventTypes.SampleBatch,
            Time = now,
            TraceParent = TraceParent(),
            Data = new SampleBatch
            {
                Host = _options.HostName,
                FirstSequence = first,
                LastSequence = first + samples.Count - 1,
                IntervalSeconds = _options.IntervalSeconds,
                ReadsAttempted = reads?.Attempted,
                ReadsFailed = reads?.Failed,
                Samples = [.. samples.Select((sample, index) => sample with { Sequence = first + index })],
                Events = events,
                HostMetrics = host,
            },
        };
    }

    private static string TraceParent()
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            return current.Id!;
        }

        return $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
    }
}
