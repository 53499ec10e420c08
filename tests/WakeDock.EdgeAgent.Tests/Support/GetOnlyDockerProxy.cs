using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>
/// A read-only socket proxy in the manner of docker-socket-proxy with POST=0: forwards GET (and HEAD)
/// requests to the engine's unix socket and streams the answers back (events and logs too); refuses
/// every other method with 403. It can be stopped and started again on the same port, which is
/// what losing and regaining the socket looks like to the agent.
/// </summary>
internal sealed class GetOnlyDockerProxy : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<string> _methods = [];
    private readonly HttpClient _engine;
    private WebApplication? _app;

    public GetOnlyDockerProxy(string engineSocket)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(engineSocket), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _engine = new HttpClient(handler) { BaseAddress = new Uri("http://docker"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public int Port { get; } = WakeDock.Testing.FreePort.Next();

    public string Address => $"tcp://127.0.0.1:{Port}";

    /// <summary>The method of every request that reached the proxy.</summary>
    public IReadOnlyList<string> Methods
    {
        get
        {
            lock (_lock)
            {
                return [.. _methods];
            }
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(ForwardAsync);
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token);
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _engine.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        lock (_lock)
        {
            _methods.Add(context.Request.Method);
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("read-only proxy: only GET is allowed");
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        using var answer = await _engine.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
        var buffer = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
