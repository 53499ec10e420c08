using System.Collections.Concurrent;
using WakeDock.Contracts;
using WakeDock.Functions.Ingest;

namespace WakeDock.Functions.Api;

/// <summary>When each host last delivered a batch and at what interval; a version that moves with every stored batch.</summary>
public sealed class IngestActivity(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, HostActivity> _hosts = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Changes whenever a batch was stored: an answer computed before a change is stale after it.</summary>
    public long Version => Interlocked.Read(ref _version);

    public DateTimeOffset? LastBatchAt => _hosts.IsEmpty ? null : _hosts.Values.Max(h => h.LastBatchAt);

    public IReadOnlyCollection<HostActivity> Hosts => [.. _hosts.Values.OrderBy(h => h.Host, StringComparer.Ordinal)];

    public void Stored(SampleBatch batch)
    {
        _hosts[batch.Host] = new HostActivity(batch.Host, time.GetUtcNow(), batch.IntervalSeconds);
        Interlocked.Increment(ref _version);
    }
}

/// <summary>A host's last stored batch, when it came and the interval its agent said it collects at.</summary>
public sealed record HostActivity(string Host, DateTimeOffset LastBatchAt, double IntervalSeconds);

/// <summary>The ingest, watched: a stored batch (not a duplicate, retry or drop) is noted in <see cref="IngestActivity"/> before its answer.</summary>
internal sealed class WatchedIngest(IBatchIngest inner, IngestActivity activity) : IBatchIngest
{
    public async Task<IngestOutcome> IngestAsync(CloudEvent<SampleBatch> batch, IngestOrigin origin, CancellationToken cancellationToken = default)
    {
        var outcome = await inner.IngestAsync(batch, origin, cancellationToken);
        if (outcome is { Status: IngestStatus.Success, Duplicate: false } && batch.Data is { } data)
        {
            activity.Stored(data);
        }

        return outcome;
    }

    public Task<IngestOutcome> RejectAsync(ReadOnlyMemory<byte> payload, string reason, IngestOrigin origin, CancellationToken cancellationToken = default)
        => inner.RejectAsync(payload, reason, origin, cancellationToken);
}
