using WakeDock.Contracts;

namespace WakeDock.Pipeline.Telemetry;

/// <summary>
/// Two of the spec's health indicators: the collection success rate (container stats reads that succeeded over
/// those attempted, as the agents report them with each batch) and the alerts raised over the last hour (fired
/// and escalated records; resolutions are not alerts).
/// </summary>
public sealed class CollectionHealth(TimeProvider time)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _raised = new();
    private long _attempted;
    private long _failed;

    public long ReadsAttempted => Interlocked.Read(ref _attempted);

    public long ReadsFailed => Interlocked.Read(ref _failed);

    /// <summary>Null until an agent has reported a read.</summary>
    public double? SuccessRate
    {
        get
        {
            var attempted = ReadsAttempted;
            return attempted == 0 ? null : Math.Round((double)(attempted - ReadsFailed) / attempted, 4);
        }
    }

    public void RecordReads(SampleBatch batch)
    {
        if (batch.ReadsAttempted is { } attempted and > 0)
        {
            Interlocked.Add(ref _attempted, attempted);
            Interlocked.Add(ref _failed, Math.Clamp(batch.ReadsFailed ?? 0, 0, attempted));
        }
    }

    public void RecordAlert(Alert alert)
    {
        if (alert.State != AlertState.Firing)
        {
            return;
        }

        lock (_gate)
        {
            _raised.Enqueue(time.GetUtcNow());
            Trim();
        }
    }

    public int RaisedInTheLastHour()
    {
        lock (_gate)
        {
            Trim();
            return _raised.Count;
        }
    }

    private void Trim()
    {
        var since = time.GetUtcNow() - Hour;
        while (_raised.Count > 0 && _raised.Peek() <= since)
        {
            _raised.Dequeue();
        }
    }
}
