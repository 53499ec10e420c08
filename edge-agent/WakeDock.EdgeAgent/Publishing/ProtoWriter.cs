using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>
/// A small protobuf message in the wire format, field by field, for the few Dapr messages the agent writes without a
/// protobuf runtime (docs/agent-performance.md). proto3 leaves a scalar at its default out; a message field is always written.
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintType = 0;
    private const int LengthDelimited = 2;
    private readonly ArrayBufferWriter<byte> _buffer = new(64);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public ProtoWriter String(int field, string? value)
        => string.IsNullOrEmpty(value) ? this : Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Enum(int field, int value)
    {
        if (value != 0)
        {
            Tag(field, VarintType);
            Varint((uint)value);
        }

        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.Written);

    public ProtoWriter MapEntry(int field, string key, string value) => Message(field, new ProtoWriter().String(1, key).String(2, value));

    /// <summary>The message as one uncompressed gRPC frame: flag 0, its length big-endian, the message.</summary>
    public byte[] ToGrpcFrame()
    {
        var frame = new byte[5 + _buffer.WrittenCount];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)_buffer.WrittenCount);
        _buffer.WrittenSpan.CopyTo(frame.AsSpan(5));
        return frame;
    }

    private ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        Varint((uint)value.Length);
        _buffer.Write(value);
        return this;
    }

    private void Tag(int field, int wireType) => Varint((uint)(field << 3 | wireType));

    private void Varint(uint value)
    {
        var span = _buffer.GetSpan(5);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        _buffer.Advance(length);
    }
}

/// <summary>Reads a protobuf message field by field; anything malformed is an <see cref="InvalidDataException"/>.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> message)
{
    private readonly ReadOnlySpan<byte> _message = message;
    private int _position;

    public int WireType { get; private set; }

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next(out int field)
    {
        if (_position >= _message.Length)
        {
            field = 0;
            return false;
        }

        var tag = Varint();
        field = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        if (field == 0)
        {
            throw new InvalidDataException("A protobuf field numbered 0.");
        }

        return true;
    }

    public ReadOnlySpan<byte> Bytes()
    {
        Expect(2);
        var length = Varint();
        if (length > (ulong)(_message.Length - _position))
        {
            throw new InvalidDataException("A protobuf field longer than its message.");
        }

        var value = _message.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    public string String() => Encoding.UTF8.GetString(Bytes());

    public ulong Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _message.Length)
            {
                throw new InvalidDataException("A protobuf varint cut short.");
            }

            var b = _message[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A protobuf varint longer than 10 bytes.");
    }

    /// <summary>Passes over the current field's value.</summary>
    public void Skip()
    {
        switch (WireType)
        {
            case 0:
                Varint();
                break;
            case 1:
                Advance(8);
                break;
            case 2:
                Bytes();
                break;
            case 5:
                Advance(4);
                break;
            default:
                throw new InvalidDataException($"Protobuf wire type {WireType} is not read here.");
        }
    }

    private void Expect(int wireType)
    {
        if (WireType != wireType)
        {
            throw new InvalidDataException($"A protobuf field of wire type {WireType} where {wireType} was expected.");
        }
    }

    private void Advance(int count)
    {
        if (count > _message.Length - _position)
        {
            throw new InvalidDataException("A protobuf field longer than its message.");
        }

        _position += count;
    }
}
