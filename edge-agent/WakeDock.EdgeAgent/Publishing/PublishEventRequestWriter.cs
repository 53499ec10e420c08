using System.Buffers.Binary;
using System.Text;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>
/// Dapr's <c>PublishEventRequest</c> (<c>dapr/proto/runtime/v1</c>: pubsub_name 1, topic 2, data 3, data_content_type 4,
/// metadata 5 as a map of strings) in protobuf's wire format, framed as one uncompressed gRPC message: the few bytes
/// the agent needs without a protobuf runtime (see docs/agent-performance.md).
/// </summary>
public static class PublishEventRequestWriter
{
    private const int PubSubNameField = 1;
    private const int TopicField = 2;
    private const int DataField = 3;
    private const int DataContentTypeField = 4;
    private const int MetadataField = 5;
    private const int MapKeyField = 1;
    private const int MapValueField = 2;
    private const int LengthDelimited = 2;
    private const int FramePrefixLength = 5;

    public static byte[] Frame(string pubSubName, string topic, ReadOnlySpan<byte> data, string dataContentType,
        IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        var pubSub = Encoding.UTF8.GetBytes(pubSubName);
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        var contentType = Encoding.UTF8.GetBytes(dataContentType);
        var entries = metadata.Select(pair => new MapEntry(Encoding.UTF8.GetBytes(pair.Key), Encoding.UTF8.GetBytes(pair.Value))).ToArray();

        var length = FieldLength(pubSub.Length) + FieldLength(topicBytes.Length) + FieldLength(data.Length) + FieldLength(contentType.Length)
            + entries.Sum(entry => FieldLength(entry.Length, always: true));
        var frame = new byte[FramePrefixLength + length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)length);

        var position = FramePrefixLength;
        WriteField(frame, ref position, PubSubNameField, pubSub);
        WriteField(frame, ref position, TopicField, topicBytes);
        WriteField(frame, ref position, DataField, data);
        WriteField(frame, ref position, DataContentTypeField, contentType);
        foreach (var entry in entries)
        {
            WriteTag(frame, ref position, MetadataField);
            WriteVarint(frame, ref position, (uint)entry.Length);
            WriteField(frame, ref position, MapKeyField, entry.Key);
            WriteField(frame, ref position, MapValueField, entry.Value);
        }

        return frame;
    }

    // proto3 leaves out fields at their default (empty); a map entry is always written
    private static int FieldLength(int length, bool always = false) => length == 0 && !always ? 0 : 1 + VarintLength((uint)length) + length;

    private static int VarintLength(uint value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static void WriteField(Span<byte> buffer, ref int position, int field, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        WriteTag(buffer, ref position, field);
        WriteVarint(buffer, ref position, (uint)value.Length);
        value.CopyTo(buffer[position..]);
        position += value.Length;
    }

    private static void WriteTag(Span<byte> buffer, ref int position, int field) => WriteVarint(buffer, ref position, (uint)(field << 3 | LengthDelimited));

    private static void WriteVarint(Span<byte> buffer, ref int position, uint value)
    {
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
    }

    private sealed record MapEntry(byte[] Key, byte[] Value)
    {
        public int Length => FieldLength(Key.Length) + FieldLength(Value.Length);
    }
}
