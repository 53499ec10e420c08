using System.Buffers.Text;
using System.Text;

namespace WakeDock.EdgeAgent.Cgroups;

/// <summary>
/// Reads the small text files of cgroupfs and procfs into one buffer per thread and parses them in
/// place, so that a round over a hundred containers allocates no strings. A span returned by
/// <see cref="Read"/> is valid until the next read on the same thread.
/// </summary>
internal static class KernelFile
{
    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>The whole file; throws <see cref="FileNotFoundException"/> or <see cref="DirectoryNotFoundException"/> when it is gone.</summary>
    public static ReadOnlySpan<byte> Read(string path)
    {
        var buffer = t_buffer ??= new byte[8192];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
                t_buffer = buffer;
            }

            // kernel files report no size and are read until a read returns nothing
            var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
            if (read == 0)
            {
                return buffer.AsSpan(0, length);
            }

            length += read;
        }
    }

    /// <summary>A file holding one number; <c>max</c> (no limit) is <see cref="ulong.MaxValue"/>.</summary>
    public static ulong ReadNumber(string path) => ParseNumber(Read(path));

    public static ulong ParseNumber(ReadOnlySpan<byte> text)
    {
        text = text.Trim(" \n\t"u8);
        if (text.SequenceEqual("max"u8))
        {
            return ulong.MaxValue;
        }

        return Utf8Parser.TryParse(text, out ulong value, out var consumed) && consumed == text.Length
            ? value
            : throw new FormatException($"Not a number: '{Encoding.ASCII.GetString(text)}'.");
    }

    /// <summary>
    /// The number after <paramref name="key"/> in a flat keyed file (<c>key value</c> per line, as <c>memory.stat</c>, or
    /// <c>MemTotal:   8047484 kB</c> in <c>/proc/meminfo</c>: a unit after the number is left to the caller); null when absent.
    /// </summary>
    public static ulong? KeyedValue(ReadOnlySpan<byte> content, ReadOnlySpan<byte> key)
    {
        foreach (var line in content.Split((byte)'\n'))
        {
            var text = content[line];
            if (text.Length > key.Length && text[key.Length] == (byte)' ' && text.StartsWith(key))
            {
                var value = text[(key.Length + 1)..].TrimStart(" \t"u8);
                return Utf8Parser.TryParse(value, out ulong number, out _) ? number : throw new FormatException($"Not a number after {Encoding.ASCII.GetString(key)}.");
            }
        }

        return null;
    }

    /// <summary>The fields of a line separated by spaces (runs of spaces count once), at most <paramref name="fields"/>.Length.</summary>
    public static int SplitFields(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var index = 0;
        while (index < line.Length && count < fields.Length)
        {
            while (index < line.Length && line[index] is (byte)' ' or (byte)'\t')
            {
                index++;
            }

            if (index == line.Length)
            {
                break;
            }

            var start = index;
            while (index < line.Length && line[index] is not ((byte)' ' or (byte)'\t'))
            {
                index++;
            }

            fields[count++] = start..index;
        }

        return count;
    }
}
