namespace WakeDock.Pipeline.Ingest;

/// <summary>A set of agent sequence numbers kept as sorted, merged, inclusive ranges.</summary>
public sealed class SequenceRanges
{
    /// <summary>Past this many gaps the oldest two ranges are merged: very old gaps are not worth remembering.</summary>
    public const int MaxRanges = 10_000;

    private readonly List<(long Low, long High)> _ranges = [];

    public int Count => _ranges.Count;

    public bool Contains(long sequence)
    {
        var i = Find(sequence);
        return i >= 0 && _ranges[i].High >= sequence;
    }

    public void Add(long low, long high)
    {
        var i = Find(low);
        if (i < 0 || _ranges[i].High < low - 1)
        {
            i++;
            _ranges.Insert(i, (low, high));
        }
        else
        {
            _ranges[i] = (_ranges[i].Low, Math.Max(_ranges[i].High, high));
        }

        while (i + 1 < _ranges.Count && _ranges[i + 1].Low <= _ranges[i].High + 1)
        {
            _ranges[i] = (_ranges[i].Low, Math.Max(_ranges[i].High, _ranges[i + 1].High));
            _ranges.RemoveAt(i + 1);
        }

        if (_ranges.Count > MaxRanges)
        {
            _ranges[0] = (_ranges[0].Low, _ranges[1].High);
            _ranges.RemoveAt(1);
        }
    }

    public void Remove(long low, long high)
    {
        var result = new List<(long, long)>(_ranges.Count + 1);
        foreach (var (l, h) in _ranges)
        {
            if (h < low || l > high)
            {
                result.Add((l, h));
                continue;
            }

            if (l < low)
            {
                result.Add((l, low - 1));
            }

            if (h > high)
            {
                result.Add((high + 1, h));
            }
        }

        _ranges.Clear();
        _ranges.AddRange(result);
    }

    public IEnumerable<(long Low, long High)> Ranges => _ranges;

    /// <summary>Contiguous runs of the given sequence numbers.</summary>
    public static IEnumerable<(long Low, long High)> Runs(IEnumerable<long> sequences)
    {
        long? low = null, high = null;
        foreach (var s in sequences.Order())
        {
            if (high is { } h && s <= h + 1)
            {
                high = Math.Max(h, s);
                continue;
            }

            if (low is { } l)
            {
                yield return (l, high!.Value);
            }

            low = high = s;
        }

        if (low is { } last)
        {
            yield return (last, high!.Value);
        }
    }

    /// <summary>The index of the last range starting at or before <paramref name="sequence"/>, or -1.</summary>
    private int Find(long sequence)
    {
        int lo = 0, hi = _ranges.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ranges[mid].Low <= sequence)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
