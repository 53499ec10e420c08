using WakeDock.Contracts;

namespace WakeDock.Pipeline.Ingest;

/// <summary>What the ledger says of a batch about to be stored.</summary>
public enum ClaimKind
{
    /// <summary>Store <see cref="LedgerClaim.NewSamples"/>.</summary>
    New,

    /// <summary>Already stored: acknowledge without storing.</summary>
    Duplicate,

    /// <summary>The same batch (or some of its samples) is being stored right now: answer RETRY.</summary>
    Busy,
}

public sealed record LedgerClaim(ClaimKind Kind, string Key, string Host, IReadOnlyList<ContainerSample> NewSamples, IReadOnlyList<(long Low, long High)> Runs);

/// <summary>
/// The dedupe memory of the ingest: per host, the agent sequence numbers stored (ranges, not a single
/// high-water mark, so a batch retried after a later one succeeded is still stored), and the recent
/// (source, id) pairs. Claims in flight are held apart, so a batch delivered twice at once is stored once.
/// Saved in <c>state/ingest-ledger.json</c> and rebuilt at start-up from it and the raw segments.
/// </summary>
public sealed class IngestLedger(int recentCapacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SequenceRanges> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SequenceRanges> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly HashSet<string> _inFlightKeys = new(StringComparer.Ordinal);

    public static string KeyOf(string source, string id) => $"{source}\n{id}";

    public LedgerClaim Claim(string source, string id, string host, IReadOnlyList<ContainerSample> samples)
    {
        var key = KeyOf(source, id);
        lock (_gate)
        {
            if (_recent.Contains(key))
            {
                return new LedgerClaim(ClaimKind.Duplicate, key, host, [], []);
            }

            if (_inFlightKeys.Contains(key))
            {
                return new LedgerClaim(ClaimKind.Busy, key, host, [], []);
            }

            var stored = _stored.GetValueOrDefault(host);
            var inFlight = _inFlight.GetValueOrDefault(host);
            var fresh = new List<ContainerSample>(samples.Count);
            foreach (var sample in samples)
            {
                // Sequence 0 means the sender numbers nothing: only the event id can dedupe it.
                if (sample.Sequence > 0 && stored?.Contains(sample.Sequence) == true)
                {
                    continue;
                }

                if (sample.Sequence > 0 && inFlight?.Contains(sample.Sequence) == true)
                {
                    return new LedgerClaim(ClaimKind.Busy, key, host, [], []);
                }

                fresh.Add(sample);
            }

            if (samples.Count > 0 && fresh.Count == 0)
            {
                Remember(key);
                return new LedgerClaim(ClaimKind.Duplicate, key, host, [], []);
            }

            var runs = SequenceRanges.Runs(fresh.Where(s => s.Sequence > 0).Select(s => s.Sequence)).ToList();
            _inFlightKeys.Add(key);
            if (runs.Count > 0)
            {
                inFlight ??= _inFlight[host] = new SequenceRanges();
                foreach (var (low, high) in runs)
                {
                    inFlight.Add(low, high);
                }
            }

            return new LedgerClaim(ClaimKind.New, key, host, fresh, runs);
        }
    }

    /// <summary>Ends a <see cref="ClaimKind.New"/> claim: its samples are now stored, or were not.</summary>
    public void Complete(LedgerClaim claim, bool stored)
    {
        if (claim.Kind != ClaimKind.New)
        {
            return;
        }

        lock (_gate)
        {
            _inFlightKeys.Remove(claim.Key);
            var inFlight = _inFlight.GetValueOrDefault(claim.Host);
            foreach (var (low, high) in claim.Runs)
            {
                inFlight?.Remove(low, high);
                if (stored)
                {
                    StoredRanges(claim.Host).Add(low, high);
                }
            }

            if (stored)
            {
                Remember(claim.Key);
            }
        }
    }

    /// <summary>Marks a stored sample (found in a segment at start-up).</summary>
    public void AddStored(string host, long low, long high)
    {
        lock (_gate)
        {
            StoredRanges(host).Add(low, high);
        }
    }

    /// <summary>The sequence ranges stored for one host, as <c>[low, high]</c> pairs.</summary>
    public List<long[]> RangesOf(string host)
    {
        lock (_gate)
        {
            return _stored.TryGetValue(host, out var ranges) ? [.. ranges.Ranges.Select(r => new[] { r.Low, r.High })] : [];
        }
    }

    public LedgerSnapshot Snapshot(DateTimeOffset now, int recentToKeep = 10_000)
    {
        lock (_gate)
        {
            return new LedgerSnapshot
            {
                SavedAt = now,
                Hosts = _stored.ToDictionary(h => h.Key, h => h.Value.Ranges.Select(r => new[] { r.Low, r.High }).ToList(), StringComparer.Ordinal),
                RecentEvents = _recentOrder.Skip(Math.Max(0, _recentOrder.Count - recentToKeep)).ToList(),
            };
        }
    }

    public void Restore(LedgerSnapshot snapshot)
    {
        lock (_gate)
        {
            foreach (var (host, ranges) in snapshot.Hosts)
            {
                foreach (var range in ranges.Where(r => r.Length == 2))
                {
                    StoredRanges(host).Add(range[0], range[1]);
                }
            }

            foreach (var key in snapshot.RecentEvents)
            {
                Remember(key);
            }
        }
    }

    private SequenceRanges StoredRanges(string host)
        => _stored.TryGetValue(host, out var ranges) ? ranges : _stored[host] = new SequenceRanges();

    private void Remember(string key)
    {
        if (!_recent.Add(key))
        {
            return;
        }

        _recentOrder.Enqueue(key);
        while (_recentOrder.Count > recentCapacity)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }
    }
}
