using System.Text.Json;
using System.Text.Json.Serialization;

namespace WakeDock.Contracts;

/// <summary>
/// Writes timestamps as the spec prints them (<c>2025-01-16T10:30:00Z</c>, fractions only when
/// present); reads any RFC 3339 offset and normalises it to UTC.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.GetDateTimeOffset().ToUniversalTime();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        // Written by hand: a custom format string costs more than the rest of a sample's serialization.
        var utc = value.UtcDateTime;
        Span<byte> buffer = stackalloc byte[28];
        Digits(buffer[..4], utc.Year);
        buffer[4] = (byte)'-';
        Digits(buffer.Slice(5, 2), utc.Month);
        buffer[7] = (byte)'-';
        Digits(buffer.Slice(8, 2), utc.Day);
        buffer[10] = (byte)'T';
        Digits(buffer.Slice(11, 2), utc.Hour);
        buffer[13] = (byte)':';
        Digits(buffer.Slice(14, 2), utc.Minute);
        buffer[16] = (byte)':';
        Digits(buffer.Slice(17, 2), utc.Second);
        var length = 19;
        var fraction = (int)(utc.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            buffer[19] = (byte)'.';
            Digits(buffer.Slice(20, 7), fraction);
            length = 27;
            while (buffer[length - 1] == (byte)'0')
            {
                length--;
            }
        }

        buffer[length++] = (byte)'Z';
        writer.WriteStringValue(buffer[..length]);
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
