namespace WakeDock.Pipeline.Storage;

/// <summary>
/// Where one container's lines are inside a compressed file: one gzip member at [offset, offset + length),
/// with the time range and count of its lines. The index of a file is a JSONL file of these.
/// </summary>
public sealed record SegmentIndexEntry
{
    public required string ContainerId { get; init; }

    public string? ServiceName { get; init; }

    public string? Host { get; init; }

    public long Offset { get; init; }

    public long Length { get; init; }

    public int Count { get; init; }

    public DateTimeOffset First { get; init; }

    public DateTimeOffset Last { get; init; }

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => First <= to && Last >= from;
}
