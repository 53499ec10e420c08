using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Hosts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Live;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>
/// Reads what the other instances append to their raw segments (today's and yesterday's, from where it stopped) into
/// this one: samples into the hot tier, the dedupe ledger and the live feed (marked as a peer's), alert records into
/// the live feed and, for silent hosts, the threshold evaluator; host readings into the host board (on the first pass
/// its own too: what it logged before a restart). So any instance answers queries and streams for every
/// instance's ingest; the hot tier is a cache of storage, not the only copy.
/// </summary>
public sealed class PeerFollower(
    IBlobStore store, RecentSamples recent, IngestLedger ledger, ThresholdEvaluator evaluator, IngestActivity activity, LiveFeed feed,
    HostBoard board, TimeProvider time, IOptions<WakeDockOptions> options, ILogger<PeerFollower> logger) : BackgroundService
{
    private static readonly TimeSpan AlertMemory = TimeSpan.FromMinutes(15);
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Alert>> _alerts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _firing = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly Lock _alertGate = new();
    private readonly SampleLineReader _samples = new();
    private DateTimeOffset _lastPassStarted = DateTimeOffset.MinValue;
    private bool _primed;

    /// <summary>Returns once a pass that started at or after <paramref name="after"/> has read everything then stored.</summary>
    public async Task CatchUpAsync(DateTimeOffset after, CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            if (_lastPassStarted < after)
            {
                await PassLockedAsync(cancellationToken);
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>The alert records of <paramref name="host"/> other instances stored since <paramref name="since"/> (the last 15 minutes are kept).</summary>
    public IReadOnlyList<Alert> AlertsOf(string host, DateTimeOffset since)
    {
        lock (_alertGate)
        {
            return _alerts.TryGetValue(host, out var alerts) ? [.. alerts.Where(a => a.Timestamp >= since)] : [];
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _pass.WaitAsync(stoppingToken);
                try
                {
                    await PassLockedAsync(stoppingToken);
                }
                finally
                {
                    _pass.Release();
                }

                await Task.Delay(options.Value.ScaleOut.FollowInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // whatever went wrong, the next pass starts from the same offsets: following must not stop
                logger.FollowFailed(e);
                await Task.Delay(options.Value.ScaleOut.FollowInterval, time, stoppingToken);
            }
        }
    }

    private async Task PassLockedAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var from = DateOnly.FromDateTime(started.UtcDateTime).AddDays(-1);
        var self = options.Value.Storage.WriterId;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var readings = new List<HostReading>();
        foreach (var kind in new[] { SegmentName.Alerts, SegmentName.Metrics, SegmentName.Hosts })
        {
            var blobs = new List<StoredBlob>();
            await foreach (var blob in store.ListAsync(kind + "_", cancellationToken))
            {
                blobs.Add(blob);
            }

            foreach (var blob in blobs)
            {
                if (SegmentName.TryParse(blob.Name) is not { Compressed: false } name || (name.Writer == self && (_primed || kind != SegmentName.Hosts)) || name.Day < from)
                {
                    continue;
                }

                seen.Add(blob.Name);
                var offset = _offsets.GetValueOrDefault(blob.Name);
                if (blob.Length <= offset)
                {
                    continue;
                }

                var bytes = await store.ReadAsync(blob.Name, offset, blob.Length - offset, cancellationToken);
                if (bytes is null)
                {
                    continue;
                }

                var complete = JsonlReader.CompleteLength(bytes);
                _offsets[blob.Name] = offset + complete;
                var lines = bytes.AsMemory(0, (int)complete);
                switch (kind)
                {
                    case SegmentName.Metrics:
                        TakeSamples(_samples.ReadAll(lines));
                        break;
                    case SegmentName.Alerts:
                        TakeAlerts(JsonlReader.Read(lines, WakeDockJson.Context.Alert));
                        break;
                    default:
                        readings.AddRange(JsonlReader.Read(lines, ScaleOutJsonContext.Default.HostReading));
                        break;
                }
            }
        }

        // in time order whatever segment each came from: the board keeps a host's newest reading and drops older ones
        foreach (var reading in readings.OrderBy(r => r.Metrics.Timestamp))
        {
            board.Record(reading.Host, reading.Metrics, fromPeer: true);
        }

        foreach (var gone in _offsets.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _offsets.Remove(gone);
        }

        _lastPassStarted = started;
        _primed = true;
    }

    private void TakeSamples(List<ContainerSample> samples)
    {
        foreach (var host in samples.GroupBy(s => s.Host ?? ""))
        {
            foreach (var (low, high) in SequenceRuns(host))
            {
                ledger.AddStored(host.Key, low, high);
            }

            var added = recent.AddAbsent([.. host]);
            if (added.Count == 0)
            {
                continue;
            }

            var newest = added.Max(s => s.Timestamp);
            var now = time.GetUtcNow();
            var seenAt = newest < now ? newest : now;
            activity.Seen(host.Key, seenAt);
            evaluator.TrackHost(host.Key, seenAt, activity.IntervalOf(host.Key) ?? 0);
            if (_primed)
            {
                feed.PublishSamples(host.Key, added, fromPeer: true);
            }
        }
    }

    /// <summary>The samples' sequences as runs of consecutive numbers: a batch of a hundred is one range to merge, not a hundred.</summary>
    private static List<(long Low, long High)> SequenceRuns(IEnumerable<ContainerSample> samples)
    {
        var runs = new List<(long Low, long High)>();
        foreach (var sequence in samples.Select(s => s.Sequence).Where(s => s > 0).Order())
        {
            if (runs.Count > 0 && sequence <= runs[^1].High + 1)
            {
                runs[^1] = (runs[^1].Low, Math.Max(runs[^1].High, sequence));
            }
            else
            {
                runs.Add((sequence, sequence));
            }
        }

        return runs;
    }

    private void TakeAlerts(List<Alert> alerts)
    {
        var floor = time.GetUtcNow() - AlertMemory;
        lock (_alertGate)
        {
            foreach (var alert in alerts)
            {
                var host = alert.Host ?? "";
                var kept = _alerts.TryGetValue(host, out var list) ? list : _alerts[host] = [];
                kept.RemoveAll(a => a.Timestamp < floor);
                kept.Add(alert);
            }
        }

        evaluator.Restore(alerts.Where(a => a.MetricType == MetricType.HostSilent));
        foreach (var alert in alerts)
        {
            var change = alert.State == AlertState.Resolved ? AlertChange.Resolved
                : alert.Id is { } id && !_firing.Add(id) ? AlertChange.Escalated : AlertChange.Fired;
            if (alert.State == AlertState.Resolved && alert.Id is { } resolved)
            {
                _firing.Remove(resolved);
            }

            if (_primed)
            {
                feed.PublishAlert(new AlertRecord(alert, change), fromPeer: true);
            }
        }
    }
}
