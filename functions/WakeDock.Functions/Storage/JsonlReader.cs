using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WakeDock.Functions.Storage;

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

    /// <summary>The values of the complete lines that parse as <typeparamref name="T"/>.</summary>
    public static List<T> Read<T>(ReadOnlyMemory<byte> data, JsonTypeInfo<T> typeInfo, Func<T, bool>? keep = null)
    {
        var values = new List<T>();
        foreach (var line in CompleteLines(data))
        {
            if (TryParse(line.Span, typeInfo) is { } value && (keep is null || keep(value)))
            {
                values.Add(value);
            }
        }

        return values;
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
    public static byte[] Gunzip(ReadOnlySpan<byte> compressed)
    {
        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(compressed.Length * 8);
        gzip.CopyTo(output);
        return output.ToArray();
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
