using System.Diagnostics.Metrics;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Telemetry;

/// <summary>How one ingest call ended, as counted.</summary>
public enum IngestResultKind
{
    Success,
    Duplicate,
    Retry,
    Drop,
}

/// <summary>
/// The instruments of the <c>WakeDock.Functions</c> meter (exported by the /metrics issue) and the running
/// totals the statistics are made of.
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "WakeDock.Functions";

    private long _samples, _batches, _succeeded, _duplicates, _retries, _drops, _deadLetters, _durationTicks, _alerts;
    private double _lagSecondsSum;
    private long _lagCount;
    private readonly Lock _lagGate = new();

    public PipelineMetrics(IMeterFactory meterFactory)
        : this(meterFactory.Create(MeterName))
    {
    }

    /// <summary>A meter of its own, for tests and tools outside a host.</summary>
    public PipelineMetrics()
        : this(new Meter(MeterName))
    {
    }

    private PipelineMetrics(Meter meter)
    {
        Meter = meter;
        IngestSamples = meter.CreateCounter<long>("wakedock.ingest.samples", "{sample}", "Samples stored by the ingest.");
        IngestBatches = meter.CreateCounter<long>("wakedock.ingest.batches", "{batch}", "Batches handled, by outcome (success, duplicate, retry, drop).");
        IngestFailures = meter.CreateCounter<long>("wakedock.ingest.failures", "{batch}", "Batches not stored, by reason (storage, malformed, busy, unauthorized, partition).");
        IngestDuplicates = meter.CreateCounter<long>("wakedock.ingest.duplicates", "{batch}", "Redelivered batches acknowledged without storing them again.");
        DeadLetters = meter.CreateCounter<long>("wakedock.ingest.dead_letters", "{message}", "Messages recorded in the dead-letter file.");
        IngestLag = meter.CreateHistogram<double>("wakedock.ingest.lag", "s", "From the newest sample of a batch to its storage.");
        IngestDuration = meter.CreateHistogram<double>("wakedock.ingest.duration", "s", "Time to handle one batch, durable write included.");
        Alerts = meter.CreateCounter<long>("wakedock.alerts", "{alert}", "Alert records, by level, state and metric type.");
        StorageBytesWritten = meter.CreateCounter<long>("wakedock.storage.bytes_written", "By", "Bytes appended to segments, by kind.");
        RetentionRuns = meter.CreateCounter<long>("wakedock.retention.runs", "{run}", "Retention runs, by outcome.");
        RetentionDeleted = meter.CreateCounter<long>("wakedock.retention.deleted", "{file}", "Files deleted by retention, by kind.");
        TimerRuns = meter.CreateCounter<long>("wakedock.timer.runs", "{run}", "Timer function runs, by function, trigger and outcome.");
        Notifications = meter.CreateCounter<long>("wakedock.notifications", "{notification}", "Alert notification delivery attempts, by outcome (delivered, refused, deferred, dead_lettered).");
        LiveDropped = meter.CreateCounter<long>("wakedock.live.dropped", "{update}", "Live updates dropped because a subscriber was slow.");
        meter.CreateObservableGauge("wakedock.storage.bytes", () => Observe(StorageSnapshot, s => s.Bytes), "By", "Bytes stored, by kind and state.");
        meter.CreateObservableGauge("wakedock.storage.segments", () => Observe(StorageSnapshot, s => s.Files), "{segment}", "Segments stored, by kind and state (open, closed).");
        meter.CreateObservableGauge("wakedock.alerts.open", () => OpenAlerts, "{alert}", "Alert episodes firing now.");
    }

    public Meter Meter { get; }

    public Counter<long> IngestSamples { get; }

    public Counter<long> IngestBatches { get; }

    public Counter<long> IngestFailures { get; }

    public Counter<long> IngestDuplicates { get; }

    public Counter<long> DeadLetters { get; }

    public Histogram<double> IngestLag { get; }

    public Histogram<double> IngestDuration { get; }

    public Counter<long> Alerts { get; }

    public Counter<long> StorageBytesWritten { get; }

    public Counter<long> RetentionRuns { get; }

    public Counter<long> RetentionDeleted { get; }

    public Counter<long> TimerRuns { get; }

    public Counter<long> Notifications { get; }

    public Counter<long> LiveDropped { get; }

    /// <summary>What the storage census found last (kind, state) → files and bytes; refreshed by the compaction function.</summary>
    public IReadOnlyDictionary<(string Kind, string State), (long Files, long Bytes)> StorageSnapshot { get; set; } = new Dictionary<(string, string), (long, long)>();

    public int OpenAlerts { get; set; }

    public long SamplesTotal => Interlocked.Read(ref _samples);

    public long BatchesTotal => Interlocked.Read(ref _batches);

    public long SucceededTotal => Interlocked.Read(ref _succeeded);

    public long DuplicatesTotal => Interlocked.Read(ref _duplicates);

    public long RetriesTotal => Interlocked.Read(ref _retries);

    public long DropsTotal => Interlocked.Read(ref _drops);

    public long DeadLettersTotal => Interlocked.Read(ref _deadLetters);

    public long AlertsTotal => Interlocked.Read(ref _alerts);

    public TimeSpan AverageIngestDuration => BatchesTotal == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Interlocked.Read(ref _durationTicks) / BatchesTotal);

    public TimeSpan AverageIngestLag
    {
        get
        {
            lock (_lagGate)
            {
                return _lagCount == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_lagSecondsSum / _lagCount);
            }
        }
    }

    public void RecordBatch(IngestResultKind kind, int samplesStored, TimeSpan duration, TimeSpan? lag, string? failureReason = null)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _durationTicks, duration.Ticks);
        IngestBatches.Add(1, new KeyValuePair<string, object?>("outcome", kind.ToString().ToLowerInvariant()));
        IngestDuration.Record(duration.TotalSeconds);
        switch (kind)
        {
            case IngestResultKind.Success:
                Interlocked.Increment(ref _succeeded);
                Interlocked.Add(ref _samples, samplesStored);
                IngestSamples.Add(samplesStored);
                break;
            case IngestResultKind.Duplicate:
                Interlocked.Increment(ref _duplicates);
                IngestDuplicates.Add(1);
                break;
            case IngestResultKind.Retry:
                Interlocked.Increment(ref _retries);
                break;
            case IngestResultKind.Drop:
                Interlocked.Increment(ref _drops);
                break;
        }

        if (failureReason is not null)
        {
            IngestFailures.Add(1, new KeyValuePair<string, object?>("reason", failureReason));
        }

        if (lag is { } l)
        {
            IngestLag.Record(l.TotalSeconds);
            lock (_lagGate)
            {
                _lagSecondsSum += l.TotalSeconds;
                _lagCount++;
            }
        }
    }

    public void RecordDeadLetter()
    {
        Interlocked.Increment(ref _deadLetters);
        DeadLetters.Add(1);
    }

    public void RecordAlert(Alert alert)
    {
        Interlocked.Increment(ref _alerts);
        Alerts.Add(1,
            new KeyValuePair<string, object?>("level", WireNames.Of(alert.Level)),
            new KeyValuePair<string, object?>("state", WireNames.Of(alert.State)),
            new KeyValuePair<string, object?>("metric_type", alert.MetricType is { } metric ? WireNames.Of(metric) : null));
    }

    private static IEnumerable<Measurement<long>> Observe(IReadOnlyDictionary<(string Kind, string State), (long Files, long Bytes)> snapshot, Func<(long Files, long Bytes), long> pick)
        => snapshot.Select(s => new Measurement<long>(pick(s.Value), new KeyValuePair<string, object?>("kind", s.Key.Kind), new KeyValuePair<string, object?>("state", s.Key.State)));
}
