using System.Collections.Concurrent;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Ingest;

/// <summary>When each host last delivered a stored batch, and at what interval.</summary>
public sealed class IngestActivity(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, HostActivity> _hosts = new(StringComparer.Ordinal);
    public DateTimeOffset? LastBatchAt => _hosts.IsEmpty ? null : _hosts.Values.Max(h => h.LastBatchAt);

    public IReadOnlyCollection<HostActivity> Hosts => [.. _hosts.Values.OrderBy(h => h.Host, StringComparer.Ordinal)];

    /// <summary>The interval the host's agent said it collects at, when it gave one.</summary>
    public double? IntervalOf(string host)
        => _hosts.TryGetValue(host, out var activity) && activity.IntervalSeconds > 0 ? activity.IntervalSeconds : null;

    /// <summary>A batch of the host stored by another instance (scale-out), seen in its segments.</summary>
    public void Seen(string host, DateTimeOffset at)
    {
        var interval = _hosts.TryGetValue(host, out var known) ? known.IntervalSeconds : 0;
        if (known is null || known.LastBatchAt < at)
        {
            _hosts[host] = new HostActivity(host, at, interval);
        }
    }

    public void Stored(SampleBatch batch)
    {
        _hosts[batch.Host] = new HostActivity(batch.Host, time.GetUtcNow(), batch.IntervalSeconds);
    }
}

/// <summary>A host's last stored batch, when it came and the interval its agent said it collects at.</summary>
public sealed record HostActivity(string Host, DateTimeOffset LastBatchAt, double IntervalSeconds);
