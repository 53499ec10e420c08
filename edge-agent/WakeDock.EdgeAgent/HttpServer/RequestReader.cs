using System.Globalization;
using System.Text;

namespace WakeDock.EdgeAgent.HttpServer;

/// <summary>The request head did not end within the bytes the server reads for one.</summary>
public sealed class RequestHeadTooLargeException() : Exception("the request head is too large");

/// <summary>A chunked body's sizes or line ends are not as RFC 9112 §7.1 writes them.</summary>
public sealed class BadChunkException(string message) : Exception(message);

/// <summary>A chunked body grew past the largest body the server takes.</summary>
public sealed class BodyTooLargeException() : Exception("the body is too large");

/// <summary>
/// Reads requests off one connection: a head up to its empty line, then exactly the body's bytes; whatever a client
/// sent beyond them (a pipelined request) stays for the next head.
/// </summary>
internal sealed class RequestReader(Stream stream, int maxHeadBytes)
{
    private readonly byte[] _buffer = new byte[maxHeadBytes];
    private int _start;
    private int _end;

    /// <summary>The next head without its closing empty line; empty when the client closed the connection between requests.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadHeadAsync(CancellationToken cancellationToken)
    {
        Compact();
        var searched = 0;
        while (true)
        {
            var end = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = _buffer.AsMemory(_start, searched + end);
                _start += searched + end + 4;
                return head.ToArray();
            }

            searched = Math.Max(0, _end - _start - 3);
            if (_end == _buffer.Length)
            {
                throw new RequestHeadTooLargeException();
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return _end == _start ? ReadOnlyMemory<byte>.Empty : throw new IOException("the connection closed inside a request head");
            }

            _end += read;
        }
    }

    public async Task<byte[]> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var buffered = Math.Min(length, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(body);
        _start += buffered;
        if (buffered < length)
        {
            await stream.ReadExactlyAsync(body.AsMemory(buffered), cancellationToken);
        }

        return body;
    }

    /// <summary>A chunked body (RFC 9112 §7.1): sizes in hex, extensions and trailer fields read and left out.</summary>
    public async Task<byte[]> ReadChunkedBodyAsync(int maxBytes, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = Encoding.ASCII.GetString((await ReadLineAsync(cancellationToken)).Span);
            var sizeText = sizeLine.Split(';', 2)[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new BadChunkException($"chunk size {sizeText} is not a hexadecimal number");
            }

            if (body.Length + size > maxBytes)
            {
                throw new BodyTooLargeException();
            }

            if (size == 0)
            {
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                }

                return body.ToArray();
            }

            body.Write(await ReadBodyAsync(size, cancellationToken));
            if ((await ReadLineAsync(cancellationToken)).Length != 0)
            {
                throw new BadChunkException("a chunk is longer than its size");
            }
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken cancellationToken)
    {
        Compact();
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = _buffer.AsMemory(_start, end).ToArray();
                _start += end + 2;
                return line;
            }

            if (_end == _buffer.Length)
            {
                throw new BadChunkException("a chunk line is too long");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new IOException("the connection closed inside a chunked body");
            }

            _end += read;
        }
    }

    private void Compact()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
    }
}
