using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WakeDock.EdgeAgent.Publishing;

namespace WakeDock.EdgeAgent.HttpServer;

/// <summary>
/// Carries the agent's few routes (<see cref="IAgentHttpHandler"/>) over HTTP/1.1 on its own sockets. Kestrel would more
/// than double the resident agent, and <see cref="HttpListener"/>'s managed implementation fails its <c>Start()</c> when a
/// client connects while it starts (its endpoint listener accepts before its connection table exists, dotnet/runtime
/// <c>HttpEndPointListener</c>), which killed agents polled for health while starting (docs/agent.md).
/// Addresses come from <c>--urls</c> / <c>ASPNETCORE_URLS</c> (default <c>http://127.0.0.1:7072</c>).
/// </summary>
public sealed partial class AgentHttpServer(IAgentHttpHandler handler, IConfiguration configuration, ILogger<AgentHttpServer> logger) : BackgroundService
{
    public const string DefaultUrls = "http://127.0.0.1:7072";

    private const int MaxHeadBytes = 16 * 1024;
    private const int MaxBodyBytes = 1024 * 1024;
    private const int MaxConnections = 64;

    private readonly List<Socket> _listeners = [];
    private readonly SemaphoreSlim _connections = new(MaxConnections);

    /// <summary>How long a new connection may take to send its first request head.</summary>
    public TimeSpan HeadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a kept-alive connection may wait for its next request (Prometheus scrapes every 15 s by default).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The addresses bound, with the ports the system chose for port 0.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => [.. _listeners.Select(l => (IPEndPoint)l.LocalEndPoint!)];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? DefaultUrls;
        foreach (var endpoint in AgentUrls.Parse(urls))
        {
            var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endpoint.Address.Equals(IPAddress.IPv6Any))
                {
                    listener.DualMode = true;
                }

                listener.Bind(endpoint);
                listener.Listen(128);
            }
            catch (SocketException e)
            {
                listener.Dispose();
                _listeners.ForEach(l => l.Dispose());
                throw new AgentUrlsException($"cannot listen on {endpoint}: {e.Message}", e);
            }

            _listeners.Add(listener);
        }

        LogListening(urls);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listeners.ForEach(l => l.Dispose());
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _listeners.ForEach(l => l.Dispose());
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(_listeners.Select(l => AcceptAsync(l, stoppingToken)));

    private async Task AcceptAsync(Socket listener, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stoppingToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A connection reset before it was accepted, or out of descriptors: the next accept may do better.
                LogAcceptFailed(e.SocketErrorCode, e);
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (!_connections.Wait(0, CancellationToken.None))
            {
                LogTooManyConnections(MaxConnections);
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client, stoppingToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        try
        {
            client.NoDelay = true;
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var reader = new RequestReader(stream, MaxHeadBytes);
            for (var waitFor = HeadTimeout; ; waitFor = IdleTimeout)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                deadline.CancelAfter(waitFor);
                var (request, body, refusal) = await ReadRequestAsync(reader, stream, deadline.Token);
                if (refusal is not null)
                {
                    await WriteAsync(stream, refusal, keepAlive: false, withBody: true, stoppingToken);
                    return;
                }

                if (request is null)
                {
                    return;
                }

                var response = await AnswerAsync(request, body, stoppingToken);
                await WriteAsync(stream, response, request.KeepAlive, withBody: request.Method != "HEAD", stoppingToken);
                if (!request.KeepAlive)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away, was too slow, or the agent is stopping: nothing to answer.
        }
        finally
        {
            _connections.Release();
        }
    }

    /// <summary>The next request and its body; or what to answer before closing; or neither when the client closed between requests.</summary>
    private static async Task<(HttpRequestHead? Request, byte[] Body, AgentHttpResponse? Refusal)> ReadRequestAsync(
        RequestReader reader, Stream stream, CancellationToken cancellationToken)
    {
        var tooLarge = AgentHttpResponse.Text(413, $"the body may have at most {MaxBodyBytes} bytes");
        ReadOnlyMemory<byte> head;
        try
        {
            head = await reader.ReadHeadAsync(cancellationToken);
        }
        catch (RequestHeadTooLargeException)
        {
            return (null, [], AgentHttpResponse.Text(431, $"the request head may have at most {MaxHeadBytes} bytes"));
        }

        if (head.IsEmpty)
        {
            return (null, [], null);
        }

        if (!HttpRequestHeadParser.TryParse(head.Span, out var request, out var error))
        {
            return (null, [], AgentHttpResponse.Text(error.StatusCode, error.Reason));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, [], tooLarge);
        }

        if (request.ExpectsContinue)
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
        }

        try
        {
            var body = request.Chunked
                ? await reader.ReadChunkedBodyAsync(MaxBodyBytes, cancellationToken)
                : await reader.ReadBodyAsync((int)request.ContentLength, cancellationToken);
            return (request, body, null);
        }
        catch (BodyTooLargeException)
        {
            return (null, [], tooLarge);
        }
        catch (BadChunkException e)
        {
            return (null, [], AgentHttpResponse.Text(400, e.Message));
        }
    }

    private async Task<AgentHttpResponse> AnswerAsync(HttpRequestHead request, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new MemoryStream(body, writable: false);
            return await handler.HandleAsync(request.Method, request.Path, HttpUtility.ParseQueryString(request.Query),
                request.Header(DaprPublisher.ApiTokenHeader), content, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(request.Method, request.Path, e);
            return AgentHttpResponse.Text(500, "internal error");
        }
    }

    private static async Task WriteAsync(Stream stream, AgentHttpResponse response, bool keepAlive, bool withBody, CancellationToken cancellationToken)
    {
        var head = new StringBuilder(160)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.StatusCode} {ReasonPhrase(response.StatusCode)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow:r}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n")
            .Append(keepAlive ? "" : "Connection: close\r\n")
            .Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var message = new byte[headBytes.Length + (withBody ? response.Body.Length : 0)];
        headBytes.CopyTo(message, 0);
        if (withBody)
        {
            response.Body.CopyTo(message, headBytes.Length);
        }

        await stream.WriteAsync(message, cancellationToken);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        501 => "Not Implemented",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent HTTP surface listening on {Urls}")]
    private partial void LogListening(string urls);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogFailed(string method, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepting a connection failed ({Error})")]
    private partial void LogAcceptFailed(SocketError error, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Max} connections are open: a new one was closed unanswered")]
    private partial void LogTooManyConnections(int max);
}
