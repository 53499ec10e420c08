using System.Diagnostics.Metrics;

namespace WakeDock.EdgeAgent.Diagnostics;

/// <summary>
/// The agent's instruments on the meter <see cref="MeterName"/>. The Prometheus exporter of the
/// host reads them; the agent only records. Gauges read the last values the spool and the
/// container registry reported, so nothing here holds a reference to them.
/// </summary>
public sealed class AgentMetrics
{
    public const string MeterName = "WakeDock.EdgeAgent";

    private readonly Counter<long> _samplesCollected;
    private readonly Counter<long> _batchesPublished;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _batchesDropped;
    private readonly Histogram<double> _dockerRequestDuration;
    private readonly Counter<long> _dockerErrors;
    private readonly Histogram<double> _collectionDuration;
    private long _spoolDepth;
    private long _spoolBytes;
    private long _monitoredContainers;
    private long _readFromFiles;
    private long _readThroughEngine;
    private string? _statsMode;

    public AgentMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _samplesCollected = meter.CreateCounter<long>("wakedock.agent.samples.collected", "{sample}", "Container samples collected.");
        _batchesPublished = meter.CreateCounter<long>("wakedock.agent.batches.published", "{batch}", "Batches the target accepted.");
        _publishFailures = meter.CreateCounter<long>("wakedock.agent.publish.failures", "{attempt}", "Publish attempts the target did not accept.");
        _batchesDropped = meter.CreateCounter<long>("wakedock.agent.batches.dropped", "{batch}",
            "Batches given up: spool full (oldest first), corrupt spool records, or rejected by the target.");
        _dockerRequestDuration = meter.CreateHistogram<double>("wakedock.agent.docker.request.duration", "s", "Docker Engine API request latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _dockerErrors = meter.CreateCounter<long>("wakedock.agent.docker.errors", "{request}", "Docker Engine API requests that failed.");
        _collectionDuration = meter.CreateHistogram<double>("wakedock.agent.collection.duration", "s", "Time to sample every container once.");
        meter.CreateObservableGauge("wakedock.agent.spool.depth", () => Volatile.Read(ref _spoolDepth), "{batch}", "Batches waiting in the spool.");
        meter.CreateObservableGauge("wakedock.agent.spool.bytes", () => Volatile.Read(ref _spoolBytes), "By", "Bytes the spool holds on disk.");
        meter.CreateObservableGauge("wakedock.agent.containers.monitored", () => Volatile.Read(ref _monitoredContainers), "{container}",
            "Running containers the agent samples.");
        meter.CreateObservableGauge("wakedock.agent.stats.containers", () => (IEnumerable<Measurement<long>>)
            [
                new(Volatile.Read(ref _readFromFiles), new KeyValuePair<string, object?>("source", "cgroup")),
                new(Volatile.Read(ref _readThroughEngine), new KeyValuePair<string, object?>("source", "engine")),
            ], "{container}", "Containers read from their cgroup files or through the Engine API in the last collection.");
        meter.CreateObservableGauge("wakedock.agent.stats.mode", () => Volatile.Read(ref _statsMode) is { } mode
                ? [new Measurement<int>(1, new KeyValuePair<string, object?>("mode", mode))]
                : (IEnumerable<Measurement<int>>)[],
            null, "Where container stats come from: cgroup-v1, cgroup-v2 (the host's files) or engine (the Engine API).");
    }

    /// <summary>Says where container stats come from: the series <c>wakedock.agent.stats.mode{mode}</c> at 1.</summary>
    public void StatsModeChosen(string mode) => Volatile.Write(ref _statsMode, mode);

    public void SamplesCollected(int count) => _samplesCollected.Add(count);

    public void BatchPublished(string target) => _batchesPublished.Add(1, new KeyValuePair<string, object?>("target", target));

    public void PublishFailed(string target) => _publishFailures.Add(1, new KeyValuePair<string, object?>("target", target));

    /// <summary><paramref name="reason"/>: <c>spool_full</c>, <c>corrupt</c> or <c>rejected</c>.</summary>
    public void BatchesDropped(long count, string reason) => _batchesDropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void DockerRequest(string endpoint, TimeSpan elapsed, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("endpoint", endpoint);
        _dockerRequestDuration.Record(elapsed.TotalSeconds, tag);
        if (failed)
        {
            _dockerErrors.Add(1, tag);
        }
    }

    public void CollectionFinished(TimeSpan elapsed) => _collectionDuration.Record(elapsed.TotalSeconds);

    public void SpoolChanged(long depth, long bytes)
    {
        Volatile.Write(ref _spoolDepth, depth);
        Volatile.Write(ref _spoolBytes, bytes);
    }

    public void StatsSourcesChanged(int fromFiles, int throughEngine)
    {
        Volatile.Write(ref _readFromFiles, fromFiles);
        Volatile.Write(ref _readThroughEngine, throughEngine);
    }

    public void MonitoredContainersChanged(int count) => Volatile.Write(ref _monitoredContainers, count);
}
