using System.Buffers.Binary;

namespace WakeDock.EdgeAgent.Spool;

/// <summary>
/// The on-disk form of one spooled batch: <c>WDSP</c>, format version, payload length and CRC-32
/// (little endian), then the payload (the batch CloudEvent as UTF-8 JSON). A file that is short,
/// has another magic or whose checksum differs is torn or corrupt.
/// </summary>
public static class SpoolRecord
{
    public const int HeaderLength = 16;
    private const byte FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "WDSP"u8;

    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        var record = new byte[HeaderLength + payload.Length];
        Magic.CopyTo(record);
        record[4] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), Crc32.Compute(payload));
        payload.CopyTo(record.AsSpan(HeaderLength));
        return record;
    }

    /// <summary>The payload, or null with the reason when the record is torn or corrupt.</summary>
    public static ReadOnlyMemory<byte>? Decode(ReadOnlyMemory<byte> record, out string? problem)
    {
        var span = record.Span;
        if (span.Length < HeaderLength || !span[..4].SequenceEqual(Magic))
        {
            problem = $"not a spool record ({span.Length} bytes, no header)";
            return null;
        }

        if (span[4] != FormatVersion)
        {
            problem = $"unknown record format {span[4]}";
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (length < 0 || length != span.Length - HeaderLength)
        {
            problem = $"torn record: header says {length} bytes, {span.Length - HeaderLength} present";
            return null;
        }

        var payload = record[HeaderLength..];
        if (Crc32.Compute(payload.Span) != BinaryPrimitives.ReadUInt32LittleEndian(span[12..]))
        {
            problem = "checksum mismatch";
            return null;
        }

        problem = null;
        return payload;
    }
}
