using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Thresholds;

/// <summary>
/// Turns samples and lifecycle events into alert episodes. Per container and metric an episode fires
/// once a level has held for <c>for_seconds</c> (15 s by default), escalates warning → critical once the
/// critical level has held as long, and resolves once the value has stayed under the warning level minus the
/// hysteresis for the cooldown (a breach meanwhile continues the episode): one alert per episode, not one per
/// sample, and no warning → resolved → warning flapping around a level. Lifecycle events (non-zero exit, OOM, unhealthy, restart loop) and silent
/// hosts open episodes too. The clock is the samples' own for samples, the host's for the sweep.
/// </summary>
public sealed class ThresholdEvaluator(ThresholdStore thresholds, IOptions<WakeDockOptions> options) : IBatchEvaluator
{
    private static readonly MetricType[] Gauges = [MetricType.CpuPercent, MetricType.MemoryPercent, MetricType.NetworkRx, MetricType.NetworkTx];
    private const double Mebibyte = 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Subject, MetricType Metric), Episode> _episodes = [];
    private readonly Dictionary<string, HostWatch> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _starts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _startHosts = new(StringComparer.Ordinal);

    public int OpenEpisodes
    {
        get
        {
            lock (_gate)
            {
                return _episodes.Values.Count(e => e.Level is not null);
            }
        }
    }

    public static double ValueOf(ContainerSample sample, MetricType metric) => metric switch
    {
        MetricType.CpuPercent => sample.CpuPercent,
        MetricType.MemoryPercent => sample.MemoryPercent,
        MetricType.NetworkRx => sample.NetworkRxBytesPerSec / Mebibyte,
        MetricType.NetworkTx => sample.NetworkTxBytesPerSec / Mebibyte,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a sampled metric."),
    };

    /// <summary>Evaluates one stored batch (samples normalized, in any order) received at <paramref name="receivedAt"/>.</summary>
    public IReadOnlyList<AlertRecord> Evaluate(SampleBatch batch, DateTimeOffset receivedAt)
    {
        var records = new List<AlertRecord>();
        lock (_gate)
        {
            var interval = batch.IntervalSeconds > 0 ? batch.IntervalSeconds : options.Value.Collection.IntervalSeconds;
            _hosts[batch.Host] = new HostWatch(receivedAt, interval);
            if (_episodes.TryGetValue(HostKey(batch.Host), out var silent) && silent.Level is not null)
            {
                records.Add(Resolve(HostKey(batch.Host), silent, receivedAt, 0, silent.Threshold, AlertMessages.HostBack()));
            }

            foreach (var sample in batch.Samples.OrderBy(s => s.Timestamp))
            {
                foreach (var metric in Gauges)
                {
                    EvaluateGauge(sample, metric, records);
                }
            }

            foreach (var e in batch.Events.OrderBy(e => e.Timestamp))
            {
                EvaluateEvent(e, batch.Host, records);
            }
        }

        return records;
    }

    /// <summary>The timer's part: <c>for</c> rules that have now held long enough, restart loops that calmed down, hosts that fell silent.</summary>
    public IReadOnlyList<AlertRecord> Sweep(DateTimeOffset now)
    {
        var records = new List<AlertRecord>();
        lock (_gate)
        {
            foreach (var ((subject, metric), episode) in _episodes.ToList())
            {
                if (ThresholdStore.IsGauge(metric) && episode.PendingLevel is { } pending && episode.Level is null)
                {
                    var t = thresholds.Resolve(metric, subject, episode.Identity.ServiceName);
                    var fresh = now - episode.LastSampleAt <= TimeSpan.FromSeconds(3 * options.Value.Collection.IntervalSeconds) + TimeSpan.FromSeconds(t.ForSeconds);
                    if (fresh && now - episode.PendingSince >= TimeSpan.FromSeconds(t.ForSeconds))
                    {
                        records.Add(Fire((subject, metric), episode, pending, now, episode.LastValue, LevelOf(t, pending), AlertMessages.Gauge(metric, pending, episode.LastValue, LevelOf(t, pending))));
                    }
                }
            }

            var window = options.Value.Alerts.RestartLoopWindow;
            foreach (var (container, starts) in _starts.ToList())
            {
                while (starts.Count > 0 && now - starts.Peek() > window)
                {
                    starts.Dequeue();
                }

                if (starts.Count == 0)
                {
                    _starts.Remove(container);
                    _startHosts.Remove(container);
                    if (_episodes.TryGetValue((container, MetricType.ContainerRestartLoop), out var loop) && loop.Level is not null)
                    {
                        records.Add(Resolve((container, MetricType.ContainerRestartLoop), loop, now, 0, loop.Threshold, AlertMessages.Restarted(MetricType.ContainerRestartLoop)));
                    }
                }
            }

            foreach (var (host, watch) in _hosts)
            {
                var t = thresholds.Get(MetricType.HostSilent);
                if (!t.Enabled)
                {
                    continue;
                }

                var silentFor = now - watch.LastBatchAt;
                var level = silentFor.TotalSeconds >= t.CriticalThreshold * watch.IntervalSeconds ? AlertLevel.Critical
                    : silentFor.TotalSeconds >= t.WarningThreshold * watch.IntervalSeconds ? AlertLevel.Warning : (AlertLevel?)null;
                var key = HostKey(host);
                var episode = _episodes.GetValueOrDefault(key);
                if (level is { } l && (episode?.Level is null || episode.Level < l))
                {
                    var limit = (l == AlertLevel.Critical ? t.CriticalThreshold : t.WarningThreshold) * watch.IntervalSeconds;
                    episode ??= _episodes[key] = new Episode(new Identity("", null, null, host));
                    records.Add(Fire(key, episode, l, now, Math.Round(silentFor.TotalSeconds, 1), limit, AlertMessages.HostSilent(silentFor, limit)));
                }
                else if (level is null && episode?.Level is not null)
                {
                    // back, seen by another instance's ingest (scale-out): this one found it silent, this one resolves it
                    records.Add(Resolve(key, episode, now, 0, episode.Threshold, AlertMessages.HostBack()));
                }
            }
        }

        return records;
    }

    /// <summary>Reopens the episodes still firing in stored alert records (start-up).</summary>
    public void Restore(IEnumerable<Alert> records)
    {
        lock (_gate)
        {
            foreach (var alert in records.Where(a => a.MetricType is not null && a.Id is not null).OrderBy(a => a.Timestamp))
            {
                var key = alert.MetricType == MetricType.HostSilent ? HostKey(alert.Host ?? "") : (alert.ContainerId, alert.MetricType!.Value);
                if (alert.State == AlertState.Resolved)
                {
                    _episodes.Remove(key);
                    continue;
                }

                _episodes[key] = new Episode(new Identity(alert.ContainerId, alert.ContainerName, alert.ServiceName, alert.Host))
                {
                    Id = alert.Id,
                    Level = alert.Level,
                    Threshold = alert.Threshold ?? 0,
                    LastValue = alert.Value ?? 0,
                    LastSampleAt = alert.Timestamp,
                };
            }
        }
    }

    /// <summary>The episodes and restart counts of one Docker host's containers: what the next instance to ingest the host needs (scale-out).</summary>
    public HostEpisodes ExportHost(string host)
    {
        lock (_gate)
        {
            var episodes = _episodes.Where(e => e.Key.Metric != MetricType.HostSilent && e.Value.Identity.Host == host)
                .Select(e => e.Value.ToState(e.Key.Subject, e.Key.Metric)).ToList();
            var starts = _starts.Where(s => _startHosts.GetValueOrDefault(s.Key) == host)
                .Select(s => new RestartHistory(s.Key, [.. s.Value])).ToList();
            return new HostEpisodes(episodes, starts);
        }
    }

    /// <summary>Replaces what is known of one host's containers with <paramref name="state"/> (taking the host over).</summary>
    public void ImportHost(string host, HostEpisodes state)
    {
        lock (_gate)
        {
            ForgetHostLocked(host);
            foreach (var e in state.Episodes)
            {
                _episodes[(e.Subject, e.Metric)] = Episode.Of(e);
            }

            foreach (var r in state.Starts)
            {
                _starts[r.ContainerId] = new Queue<DateTimeOffset>(r.Starts);
                _startHosts[r.ContainerId] = host;
            }
        }
    }

    /// <summary>
    /// Exports and drops one host's container episodes at once (handing the host over): nothing can fire for it here
    /// between what the next holder receives and what this instance forgets.
    /// </summary>
    public HostEpisodes TakeHost(string host)
    {
        lock (_gate)
        {
            var taken = ExportHost(host);
            ForgetHostLocked(host);
            return taken;
        }
    }

    /// <summary>Drops one host's container episodes (handed over to another instance); its silent-host episode stays.</summary>
    public void ForgetHost(string host)
    {
        lock (_gate)
        {
            ForgetHostLocked(host);
        }
    }

    private void ForgetHostLocked(string host)
    {
        foreach (var key in _episodes.Where(e => e.Key.Metric != MetricType.HostSilent && e.Value.Identity.Host == host).Select(e => e.Key).ToList())
        {
            _episodes.Remove(key);
        }

        foreach (var container in _startHosts.Where(s => s.Value == host).Select(s => s.Key).ToList())
        {
            _starts.Remove(container);
            _startHosts.Remove(container);
        }
    }

    /// <summary>Remembers when a host last sent a batch (start-up), so that it can be found silent.</summary>
    public void TrackHost(string host, DateTimeOffset lastBatchAt, double intervalSeconds)
    {
        lock (_gate)
        {
            if (!_hosts.TryGetValue(host, out var known) || known.LastBatchAt < lastBatchAt)
            {
                _hosts[host] = new HostWatch(lastBatchAt, intervalSeconds > 0 ? intervalSeconds : options.Value.Collection.IntervalSeconds);
            }
        }
    }

    private void EvaluateGauge(ContainerSample sample, MetricType metric, List<AlertRecord> records)
    {
        var t = thresholds.Resolve(metric, sample.ContainerId, sample.ServiceName);
        var key = (sample.ContainerId, metric);
        var episode = _episodes.GetValueOrDefault(key);
        if (!t.Enabled)
        {
            return;
        }

        var value = ValueOf(sample, metric);
        var keepFactor = 1 - t.HysteresisPercent / 100;
        if (episode?.Level is { } firing)
        {
            episode.LastValue = value;
            episode.LastSampleAt = sample.Timestamp;
            episode.CriticalSince = firing == AlertLevel.Warning && value >= t.CriticalThreshold ? episode.CriticalSince ?? sample.Timestamp : null;
            episode.ClearSince = value < t.WarningThreshold * keepFactor ? episode.ClearSince ?? sample.Timestamp : null;
            if (episode.CriticalSince is { } critical && sample.Timestamp - critical >= TimeSpan.FromSeconds(t.ForSeconds))
            {
                records.Add(Fire(key, episode, AlertLevel.Critical, sample.Timestamp, value, t.CriticalThreshold, AlertMessages.Gauge(metric, AlertLevel.Critical, value, t.CriticalThreshold), sample));
            }
            else if (episode.ClearSince is { } clear && sample.Timestamp - clear >= options.Value.Alerts.Cooldown)
            {
                records.Add(Resolve(key, episode, sample.Timestamp, value, t.WarningThreshold, AlertMessages.Gauge(metric, null, value, t.WarningThreshold), sample));
            }

            return;
        }

        AlertLevel? target = value >= t.CriticalThreshold ? AlertLevel.Critical : value >= t.WarningThreshold ? AlertLevel.Warning : null;
        if (target is not { } level)
        {
            _episodes.Remove(key);
            return;
        }

        episode ??= _episodes[key] = new Episode(Identity.Of(sample));
        episode.LastValue = value;
        episode.LastSampleAt = sample.Timestamp;
        if (episode.PendingLevel is null)
        {
            episode.PendingSince = sample.Timestamp;
        }

        episode.PendingLevel = level;
        if (sample.Timestamp - episode.PendingSince >= TimeSpan.FromSeconds(t.ForSeconds))
        {
            records.Add(Fire(key, episode, level, sample.Timestamp, value, LevelOf(t, level), AlertMessages.Gauge(metric, level, value, LevelOf(t, level)), sample));
        }
    }

    private void EvaluateEvent(ContainerEvent e, string host, List<AlertRecord> records)
    {
        var identity = new Identity(e.ContainerId, e.ContainerName, e.ServiceName, e.Host ?? host);
        switch (e.Action)
        {
            case "die" when e.ExitCode is { } code && code != 0:
                OpenOnce(MetricType.ContainerExit, identity, AlertLevel.Warning, e.Timestamp, code, AlertMessages.Exit(code), records);
                break;
            case "oom":
                OpenOnce(MetricType.ContainerOom, identity, AlertLevel.Critical, e.Timestamp, 1, AlertMessages.Oom(), records);
                break;
            case "health_status" when e.HealthStatus == "unhealthy":
                OpenOnce(MetricType.ContainerUnhealthy, identity, AlertLevel.Warning, e.Timestamp, 1, AlertMessages.Unhealthy(), records);
                break;
            case "health_status" when e.HealthStatus == "healthy":
                Close(MetricType.ContainerUnhealthy, e.ContainerId, e.Timestamp, records);
                break;
            case "start":
                Close(MetricType.ContainerExit, e.ContainerId, e.Timestamp, records);
                Close(MetricType.ContainerOom, e.ContainerId, e.Timestamp, records);
                CountStart(identity, e.Timestamp, records);
                break;
        }
    }

    private void CountStart(Identity identity, DateTimeOffset at, List<AlertRecord> records)
    {
        var t = thresholds.Resolve(MetricType.ContainerRestartLoop, identity.ContainerId, identity.ServiceName);
        var window = options.Value.Alerts.RestartLoopWindow;
        if (!_starts.TryGetValue(identity.ContainerId, out var starts))
        {
            _starts[identity.ContainerId] = starts = new Queue<DateTimeOffset>();
        }

        _startHosts[identity.ContainerId] = identity.Host;

        starts.Enqueue(at);
        while (starts.Count > 0 && at - starts.Peek() > window)
        {
            starts.Dequeue();
        }

        if (!t.Enabled)
        {
            return;
        }

        AlertLevel? level = starts.Count >= t.CriticalThreshold ? AlertLevel.Critical : starts.Count >= t.WarningThreshold ? AlertLevel.Warning : null;
        var key = (identity.ContainerId, MetricType.ContainerRestartLoop);
        var episode = _episodes.GetValueOrDefault(key);
        if (level is { } l && (episode?.Level is null || episode.Level < l))
        {
            episode ??= _episodes[key] = new Episode(identity);
            var limit = LevelOf(t, l);
            records.Add(Fire(key, episode, l, at, starts.Count, limit, AlertMessages.RestartLoop(starts.Count, window, limit)));
        }
    }

    private void OpenOnce(MetricType metric, Identity identity, AlertLevel level, DateTimeOffset at, double value, string message, List<AlertRecord> records)
    {
        if (!thresholds.Resolve(metric, identity.ContainerId, identity.ServiceName).Enabled)
        {
            return;
        }

        var key = (identity.ContainerId, metric);
        var episode = _episodes.GetValueOrDefault(key);
        if (episode?.Level is null)
        {
            episode ??= _episodes[key] = new Episode(identity);
            records.Add(Fire(key, episode, level, at, value, 1, message));
        }
    }

    private void Close(MetricType metric, string containerId, DateTimeOffset at, List<AlertRecord> records)
    {
        if (_episodes.TryGetValue((containerId, metric), out var episode) && episode.Level is not null)
        {
            records.Add(Resolve((containerId, metric), episode, at, 0, episode.Threshold, AlertMessages.Restarted(metric)));
        }
    }

    private static double LevelOf(Threshold t, AlertLevel level) => level == AlertLevel.Critical ? t.CriticalThreshold : t.WarningThreshold;

    private static (string, MetricType) HostKey(string host) => ("host:" + host, MetricType.HostSilent);

    private static AlertRecord Fire((string Subject, MetricType Metric) key, Episode episode, AlertLevel level, DateTimeOffset at, double value, double threshold, string message, ContainerSample? sample = null)
    {
        var change = episode.Level is null ? AlertChange.Fired : AlertChange.Escalated;
        episode.Id ??= Guid.CreateVersion7().ToString("N");
        episode.Level = level;
        episode.PendingLevel = null;
        episode.CriticalSince = null;
        episode.Threshold = threshold;
        if (sample is not null)
        {
            episode.Identity = Identity.Of(sample);
        }

        return new AlertRecord(episode.ToAlert(key.Metric, at, AlertState.Firing, level, value, threshold, message), change);
    }

    private AlertRecord Resolve((string Subject, MetricType Metric) key, Episode episode, DateTimeOffset at, double value, double threshold, string message, ContainerSample? sample = null)
    {
        _episodes.Remove(key);
        if (sample is not null)
        {
            episode.Identity = Identity.Of(sample);
        }

        return new AlertRecord(episode.ToAlert(key.Metric, at, AlertState.Resolved, episode.Level ?? AlertLevel.Warning, value, threshold, message), AlertChange.Resolved);
    }

    private sealed record Identity(string ContainerId, string? ContainerName, string? ServiceName, string? Host)
    {
        public static Identity Of(ContainerSample s) => new(s.ContainerId, s.ContainerName, s.ServiceName, s.Host);
    }

    private sealed record HostWatch(DateTimeOffset LastBatchAt, double IntervalSeconds);

    private sealed class Episode(Identity identity)
    {
        public Identity Identity { get; set; } = identity;

        public string? Id { get; set; }

        /// <summary>Null while not firing (pending a <c>for</c> duration).</summary>
        public AlertLevel? Level { get; set; }

        public AlertLevel? PendingLevel { get; set; }

        public DateTimeOffset PendingSince { get; set; }

        /// <summary>Since when a warning episode has been at the critical level (escalation waits for <c>for_seconds</c> too).</summary>
        public DateTimeOffset? CriticalSince { get; set; }

        /// <summary>Since when a firing episode has been under its hysteresis level (it resolves after the cooldown).</summary>
        public DateTimeOffset? ClearSince { get; set; }

        public double LastValue { get; set; }

        public DateTimeOffset LastSampleAt { get; set; }

        public double Threshold { get; set; }

        public static Episode Of(EpisodeState s) => new(new Identity(s.ContainerId, s.ContainerName, s.ServiceName, s.Host))
        {
            Id = s.Id, Level = s.Level, PendingLevel = s.PendingLevel, PendingSince = s.PendingSince, CriticalSince = s.CriticalSince,
            ClearSince = s.ClearSince, LastValue = s.LastValue, LastSampleAt = s.LastSampleAt, Threshold = s.Threshold,
        };

        public EpisodeState ToState(string subject, MetricType metric) => new(subject, metric, Identity.ContainerId, Identity.ContainerName,
            Identity.ServiceName, Identity.Host, Id, Level, PendingLevel, PendingSince, CriticalSince, ClearSince, LastValue, LastSampleAt, Threshold);

        public Alert ToAlert(MetricType metric, DateTimeOffset at, AlertState state, AlertLevel level, double value, double threshold, string message) => new()
        {
            Id = Id,
            ContainerId = Identity.ContainerId,
            ContainerName = Identity.ContainerName,
            ServiceName = Identity.ServiceName,
            Host = Identity.Host,
            Timestamp = at,
            Level = level,
            State = state,
            MetricType = metric,
            Value = Math.Round(value, 2),
            Threshold = threshold,
            Message = message,
        };
    }
}
