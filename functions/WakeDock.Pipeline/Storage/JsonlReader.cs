using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WakeDock.Pipeline.Storage;

/// <summary>
/// Reads JSONL as WakeDock writes it: one object a line, each line ended by '\n'. A last line without
/// its newline is torn (the writer died mid-line) and is skipped; so is any line that does not parse.
/// </summary>
public static class JsonlReader
{
    /// <summary>The length of the part made of complete lines.</summary>
    public static long CompleteLength(ReadOnlySpan<byte> data) => data.LastIndexOf((byte)'\n') + 1;

    /// <summary>The complete, non-empty lines, without their newline.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> CompleteLines(ReadOnlyMemory<byte> data)
    {
        var start = 0;
        while (true)
        {
            var end = data.Span[start..].IndexOf((byte)'\n');
            if (end < 0)
            {
                yield break;
            }

            if (end > 0)
            {
                yield return data.Slice(start, end);
            }

            start += end + 1;
        }
    }

    /// <summary>The values of the complete lines that parse as <typeparamref name="T"/>; with a window, lines whose <c>timestamp</c> is outside it are not even parsed.</summary>
    public static List<T> Read<T>(ReadOnlyMemory<byte> data, JsonTypeInfo<T> typeInfo, Func<T, bool>? keep = null, (DateTimeOffset From, DateTimeOffset To)? window = null)
    {
        var values = new List<T>();
        foreach (var line in CompleteLines(data))
        {
            if (window is { } w && TimestampOf(line.Span) is { } at && (at < w.From || at > w.To))
            {
                continue;
            }

            if (TryParse(line.Span, typeInfo) is { } value && (keep is null || keep(value)))
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>The <c>timestamp</c> of a line as WakeDock writes it (<c>"timestamp":"2025-01-16T10:30:00Z"</c>), found without parsing the line; null when not found.</summary>
    public static DateTimeOffset? TimestampOf(ReadOnlySpan<byte> line)
    {
        var at = line.IndexOf("\"timestamp\":\""u8);
        if (at < 0)
        {
            return null;
        }

        var value = line[(at + 13)..];
        var end = value.IndexOf((byte)'"');
        return end > 0 && System.Buffers.Text.Utf8Parser.TryParse(value[..end], out DateTimeOffset parsed, out _, 'O') ? parsed
            : end > 0 && DateTimeOffset.TryParse(System.Text.Encoding.UTF8.GetString(value[..end]), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out parsed) ? parsed
            : null;
    }

    public static T? TryParse<T>(ReadOnlySpan<byte> line, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(line, typeInfo);
        }
        catch (JsonException)
        {
            return default;
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>Inflates gzip data, all members of it (a closed segment is one member per container).</summary>
    public static ReadOnlyMemory<byte> Gunzip(byte[] compressed)
    {
        using var input = new MemoryStream(compressed, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var output = new MemoryStream(compressed.Length * 16);
        gzip.CopyTo(output);
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    /// <summary>One gzip member holding <paramref name="lines"/>.</summary>
    public static byte[] Gzip(ReadOnlySpan<byte> lines)
    {
        using var output = new MemoryStream(lines.Length / 6 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(lines);
        }

        return output.ToArray();
    }
}
