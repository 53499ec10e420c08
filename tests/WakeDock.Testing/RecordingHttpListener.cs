using System.IO.Compression;
using System.Net;
using System.Text;

namespace WakeDock.Testing;

/// <summary>One request as <see cref="RecordingHttpListener"/> received it; a gzip'd body is kept inflated.</summary>
public sealed record RecordedRequest(string Path, string? ContentType, IReadOnlyDictionary<string, string?> Headers, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>What <see cref="RecordingHttpListener"/> answers a request with.</summary>
public sealed record RecordedAnswer(int StatusCode, string? ContentType = null, byte[]? Body = null)
{
    public static readonly RecordedAnswer Ok = new(200);
}

/// <summary>
/// A local HTTP endpoint (an OTLP collector, Application Insights' ingestion…) that keeps every request it is sent,
/// in order, and answers each with what <c>answer</c> says (200 without a body unless told otherwise).
/// </summary>
public sealed class RecordingHttpListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<RecordedRequest> _received = [];
    private readonly Func<RecordedRequest, RecordedAnswer> _answer;

    public RecordingHttpListener(Func<RecordedRequest, RecordedAnswer>? answer = null)
    {
        _answer = answer ?? (_ => RecordedAnswer.Ok);
        Url = $"http://127.0.0.1:{FreePort.Next()}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The listener's base URL, without a trailing slash.</summary>
    public string Url { get; }

    public IReadOnlyList<RecordedRequest> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var headers = context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(context.Request.Url!.AbsolutePath, context.Request.ContentType, headers, await BodyAsync(context.Request));
            lock (_received)
            {
                _received.Add(request);
            }

            var answer = _answer(request);
            context.Response.StatusCode = answer.StatusCode;
            if (answer.Body is { } body)
            {
                context.Response.ContentType = answer.ContentType;
                await context.Response.OutputStream.WriteAsync(body);
            }

            context.Response.Close();
        }
    }

    private static async Task<byte[]> BodyAsync(HttpListenerRequest request)
    {
        await using Stream body = string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.InputStream, CompressionMode.Decompress)
            : request.InputStream;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return copy.ToArray();
    }
}
