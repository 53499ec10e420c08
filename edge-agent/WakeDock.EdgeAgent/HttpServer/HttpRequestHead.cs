using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace WakeDock.EdgeAgent.HttpServer;

/// <summary>What the agent's server needs of an HTTP/1.x request head: the route, the body's length and whether the connection stays open.</summary>
public sealed record HttpRequestHead(
    string Method, string Path, string Query, long ContentLength, bool Chunked, bool KeepAlive, bool ExpectsContinue, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>A request the server refuses before it reaches a route: the status to answer and why.</summary>
public sealed record HttpHeadError(int StatusCode, string Reason);

/// <summary>
/// Reads a request head (request line and header fields up to the empty line, RFC 9112 §2–6). A body comes with a
/// <c>Content-Length</c> or chunked (.NET's <c>HttpClient</c> sends JSON content chunked); other transfer codings are refused.
/// </summary>
public static class HttpRequestHeadParser
{
    /// <summary>Parses <paramref name="head"/> (without its closing empty line); a malformed head gives the error to answer instead.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, [NotNullWhen(true)] out HttpRequestHead? request, [NotNullWhen(false)] out HttpHeadError? error)
    {
        request = null;
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || !requestLine[0].All(IsTokenChar))
        {
            return Refuse(out error, 400, "the request line is not METHOD TARGET VERSION");
        }

        var (method, target, version) = (requestLine[0], requestLine[1], requestLine[2]);
        if (version is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return Refuse(out error, 505, $"{Shorten(version)} is not HTTP/1.0 or HTTP/1.1");
        }

        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var pathStart = target.IndexOf('/', "http://".Length);
            target = pathStart < 0 ? "/" : target[pathStart..];
        }

        if (!target.StartsWith('/'))
        {
            return Refuse(out error, 400, "the request target is not a path");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0 || line.AsSpan(0, colon).ContainsAnyExcept(TokenChars))
            {
                return Refuse(out error, 400, $"malformed header field: {Shorten(line)}");
            }

            var (name, value) = (line[..colon], line[(colon + 1)..].Trim(' ', '\t'));
            if (headers.TryGetValue(name, out var earlier))
            {
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && earlier != value)
                {
                    return Refuse(out error, 400, "two different Content-Length values");
                }

                value = earlier + ", " + value;
            }

            headers[name] = value;
        }

        var chunked = false;
        if (headers.TryGetValue("Transfer-Encoding", out var codings))
        {
            if (!codings.Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(out error, 501, $"Transfer-Encoding {Shorten(codings)} is not accepted (chunked is)");
            }

            if (headers.ContainsKey("Content-Length"))
            {
                // RFC 9112 §6.3: both at once is how requests are smuggled past a proxy.
                return Refuse(out error, 400, "Transfer-Encoding and Content-Length together");
            }

            chunked = true;
        }

        long length = 0;
        if (headers.TryGetValue("Content-Length", out var lengthText)
            && !long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length))
        {
            return Refuse(out error, 400, $"Content-Length {Shorten(lengthText)} is not a number of bytes");
        }

        var connection = headers.GetValueOrDefault("Connection") ?? "";
        var keepAlive = version == "HTTP/1.1"
            ? !HasToken(connection, "close")
            : HasToken(connection, "keep-alive");
        var expectsContinue = version == "HTTP/1.1" && HasToken(headers.GetValueOrDefault("Expect") ?? "", "100-continue") && (chunked || length > 0);
        var query = target.IndexOf('?');
        request = new HttpRequestHead(method, query < 0 ? target : target[..query], query < 0 ? "" : target[(query + 1)..], length, chunked, keepAlive,
            expectsContinue, headers);
        error = null;
        return true;
    }

    private static readonly SearchValues<char> TokenChars = SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static bool IsTokenChar(char c) => TokenChars.Contains(c);

    private static bool HasToken(string list, string token)
        => list.Split(',').Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static bool Refuse(out HttpHeadError error, int status, string reason)
    {
        error = new HttpHeadError(status, reason);
        return false;
    }
}
