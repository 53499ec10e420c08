using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace WakeDock.EdgeAgent.Logs;

public enum LogOutput
{
    Stdout = 1,
    Stderr = 2,
}

/// <summary>
/// The engine's log stream: for a container without a TTY, frames of an 8-byte header (byte 0 the
/// stream, 1 stdout or 2 stderr; bytes 4–7 the big-endian payload length) and the payload; for a
/// TTY container, raw bytes that are all stdout.
/// </summary>
public static class LogFrameReader
{
    public static async IAsyncEnumerable<(LogOutput Stream, ReadOnlyMemory<byte> Payload)> ReadAsync(
        Stream source, bool multiplexed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!multiplexed)
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                yield return (LogOutput.Stdout, chunk.AsMemory(0, read).ToArray());
            }

            yield break;
        }

        var header = new byte[8];
        while (await FillAsync(source, header, cancellationToken) == header.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            var payload = new byte[length];
            var got = await FillAsync(source, payload, cancellationToken);
            var stream = header[0] == 2 ? LogOutput.Stderr : LogOutput.Stdout;
            yield return (stream, payload.AsMemory(0, got));
            if (got < length)
            {
                yield break;
            }
        }
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await source.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
