namespace WakeDock.Pipeline.Storage;

/// <summary>
/// The open segments of one kind (metrics or alerts), one per UTC day: appends go to the day's open
/// segment, which rotates to the next number before it would pass the segment size. Only the group
/// commit loop calls it, so it needs no lock of its own.
/// </summary>
public sealed class SegmentLog(IBlobStore store, string kind, string? writer, long segmentBytes)
{
    /// <summary>An append blob holds at most 50,000 blocks; rotating a little before keeps appends valid.</summary>
    public const int MaxAppendsPerSegment = 49_000;

    private readonly Dictionary<DateOnly, OpenSegment> _open = [];
    private readonly Dictionary<DateOnly, int> _highest = [];
    private readonly HashSet<SegmentName> _closedRaw = [];

    public string Kind => kind;

    /// <summary>Raised with a segment that will not be appended to again (rotated or sealed): time to compact it.</summary>
    public event Action<SegmentName>? Closed;

    /// <summary>Tells the log about a segment that exists, so that new ones take the next number; a raw one left by a previous run is closed.</summary>
    public void Learn(SegmentName existing)
    {
        if (existing.Kind == kind && existing.Writer == writer)
        {
            _highest[existing.Day] = Math.Max(_highest.GetValueOrDefault(existing.Day, -1), existing.Number);
            if (!existing.Compressed)
            {
                _closedRaw.Add(existing);
            }
        }
    }

    /// <summary>The raw segments closed since the last call: safe to compact, nothing appends to them any more.</summary>
    public IReadOnlyList<SegmentName> TakeClosed()
    {
        var closed = _closedRaw.ToList();
        _closedRaw.Clear();
        return closed;
    }

    /// <summary>Gives back a closed segment whose compaction failed, to be tried again.</summary>
    public void ReturnClosed(SegmentName segment) => _closedRaw.Add(segment);

    public async Task AppendAsync(DateOnly day, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        if (!_open.TryGetValue(day, out var segment)
            || (segment.Length > 0 && segment.Length + lines.Length > segmentBytes)
            || segment.Appends >= MaxAppendsPerSegment)
        {
            if (segment is not null)
            {
                await CloseAsync(day, segment);
            }

            var number = _highest.GetValueOrDefault(day, -1) + 1;
            _highest[day] = number;
            _open[day] = segment = new OpenSegment(new SegmentName(kind, day, writer, number, Compressed: false));
        }

        await store.AppendAsync(segment.Name.FileName, lines, cancellationToken);
        segment.Length += lines.Length;
        segment.Appends++;
    }

    /// <summary>Closes the open segments of the days before <paramref name="today"/> (all of them with null).</summary>
    public async Task<IReadOnlyList<SegmentName>> SealAsync(DateOnly? today)
    {
        var sealedNames = new List<SegmentName>();
        foreach (var (day, segment) in _open.Where(o => today is null || o.Key < today).ToList())
        {
            await CloseAsync(day, segment);
            sealedNames.Add(segment.Name);
        }

        return sealedNames;
    }

    private async Task CloseAsync(DateOnly day, OpenSegment segment)
    {
        _open.Remove(day);
        _closedRaw.Add(segment.Name);
        await store.ReleaseAsync(segment.Name.FileName);
        Closed?.Invoke(segment.Name);
    }

    private sealed class OpenSegment(SegmentName name)
    {
        public SegmentName Name { get; } = name;

        public long Length { get; set; }

        public int Appends { get; set; }
    }
}
