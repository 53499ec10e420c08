using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WakeDock.Pipeline.Storage;

/// <summary>Encoded JSONL lines of one day file.</summary>
public sealed record DayLines(DateOnly Day, byte[] Lines, int Count);

/// <summary>Turns records into JSONL lines, one buffer per UTC day of their timestamps.</summary>
public static class LineEncoder
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static IReadOnlyList<DayLines> Encode<T>(IReadOnlyList<T> values, Func<T, DateTimeOffset> timeOf, JsonTypeInfo<T> typeInfo)
    {
        if (values.Count == 0)
        {
            return [];
        }

        var buffers = new Dictionary<DateOnly, (ArrayBufferWriter<byte> Buffer, int Count)>();
        var shared = t_buffer ??= new ArrayBufferWriter<byte>(1 << 16);
        using var writer = new Utf8JsonWriter(shared, WriterOptions);
        foreach (var value in values)
        {
            var day = DateOnly.FromDateTime(timeOf(value).UtcDateTime);
            if (!buffers.TryGetValue(day, out var entry))
            {
                entry = (buffers.Count == 0 ? shared : new ArrayBufferWriter<byte>(1 << 12), 0);
                entry.Buffer.ResetWrittenCount();
            }

            writer.Reset(entry.Buffer);
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            entry.Buffer.Write("\n"u8);
            buffers[day] = (entry.Buffer, entry.Count + 1);
        }

        return buffers.Select(b => new DayLines(b.Key, b.Value.Buffer.WrittenSpan.ToArray(), b.Value.Count)).ToList();
    }

    /// <summary>One line (with its newline) for a single record.</summary>
    public static byte[] Line<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
