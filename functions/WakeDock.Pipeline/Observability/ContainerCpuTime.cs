using System.Collections.Concurrent;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;

namespace WakeDock.Pipeline.Observability;

/// <summary>
/// Cumulative CPU seconds per container, for cAdvisor's <c>container_cpu_usage_seconds_total</c>. Samples
/// carry <c>cpu_percent</c>, the average over the interval since the agent's previous reading, so each
/// sample adds <c>cpu_percent / 100 × Δt</c>: Δt is the time since the container's previous sample, at most
/// two collection intervals (a container that stopped and started again must not be credited for the time
/// it was down), and one interval for the first sample this host sees. A sample no newer than the last one
/// counted (a redelivery, or a batch overtaken by a later one) adds nothing. So <c>rate()</c> over the
/// counter gives back the CPU % <c>docker stats</c> shows, divided by 100. The count starts when the host
/// does: Prometheus reads the restart as a counter reset.
/// </summary>
public sealed class ContainerCpuTime : ICommittedBatchObserver
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);

    public int Count => _accounts.Count;

    void ICommittedBatchObserver.OnCommitted(CommittedBatch committed) => Add(committed.Samples, committed.Batch.IntervalSeconds);

    public void Add(IReadOnlyList<ContainerSample> samples, double intervalSeconds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var interval = double.IsFinite(intervalSeconds) && intervalSeconds > 0 ? intervalSeconds : 0;
        foreach (var sample in samples)
        {
            _accounts.GetOrAdd(sample.ContainerId, static _ => new Account()).Add(sample.Timestamp.UtcTicks, sample.CpuPercent, interval);
        }
    }

    /// <summary>The container's CPU seconds so far and the collection interval its last batch had.</summary>
    public (double Seconds, double IntervalSeconds)? Of(string containerId)
        => _accounts.TryGetValue(containerId, out var account) ? account.Read() : null;

    /// <summary>Forgets containers with no sample since <paramref name="before"/>, so the table does not grow forever.</summary>
    public void ForgetSilentSince(DateTimeOffset before)
    {
        foreach (var (id, account) in _accounts)
        {
            if (account.LastTicks < before.UtcTicks)
            {
                _accounts.TryRemove(id, out _);
            }
        }
    }

    private sealed class Account
    {
        private readonly Lock _gate = new();
        private long _lastTicks = long.MinValue;
        private double _seconds;
        private double _interval;

        public long LastTicks
        {
            get
            {
                lock (_gate)
                {
                    return _lastTicks;
                }
            }
        }

        public void Add(long ticks, double cpuPercent, double interval)
        {
            if (!double.IsFinite(cpuPercent) || cpuPercent < 0)
            {
                return;
            }

            lock (_gate)
            {
                if (ticks <= _lastTicks)
                {
                    return;
                }

                var elapsed = (ticks - _lastTicks) / (double)TimeSpan.TicksPerSecond;
                var seconds = _lastTicks == long.MinValue ? interval : interval > 0 ? Math.Min(elapsed, 2 * interval) : elapsed;
                _seconds += cpuPercent / 100 * seconds;
                _lastTicks = ticks;
                _interval = interval;
            }
        }

        public (double Seconds, double IntervalSeconds) Read()
        {
            lock (_gate)
            {
                return (_seconds, _interval);
            }
        }
    }
}
