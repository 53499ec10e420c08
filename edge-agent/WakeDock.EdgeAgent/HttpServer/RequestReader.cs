
namespace WakeDock.EdgeAgent.HttpServer;

/// <summary>The request head did not end within the bytes the server reads for one.</summary>
public sealed class RequestHeadTooLargeException() : Exception("the request head is too large");

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
