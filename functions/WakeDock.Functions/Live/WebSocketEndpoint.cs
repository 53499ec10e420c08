using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;

namespace WakeDock.Functions.Live;

/// <summary>
/// The spec's raw WebSocket endpoint, <c>/api/v1/monitoring/ws</c>: the client subscribes with
/// <c>{"action":"subscribe","stream_type":…,"filters":…}</c> and receives <c>metrics_update</c>, <c>alert</c> and
/// <c>system_status</c> messages. Pings every <c>WAKEDOCK_WS_PING_INTERVAL</c>; a client that leaves one unanswered
/// past <c>WAKEDOCK_WS_CLIENT_TIMEOUT</c> is dropped. The 101st client is accepted only to be told why it is refused
/// (an <c>error</c> message, then close code 1013, try again later): a browser sees no reason in a refused upgrade.
/// </summary>
public sealed partial class WebSocketEndpoint(
    StreamClients clients, LiveBroadcaster broadcaster, OriginRule origins, AuditTrail audit, IOptions<StreamOptions> options, TimeProvider time, ILogger<WebSocketEndpoint> logger)
{
    public const string Path = "/ws";

    /// <summary>RFC 6455 close code 1013, "Try Again Later".</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    private readonly StreamOptions _options = options.Value;

    public async Task<IResult> AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiProblem.Problem(StatusCodes.Status400BadRequest, "Upgrade", "This endpoint speaks WebSocket only: send a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket).");
        }

        if (!origins.Allows(context.Request))
        {
            clients.Counters.CountRefused(StreamTransport.WebSocket, "origin");
            return ApiProblem.Problem(StatusCodes.Status403Forbidden, "Origin", OriginRule.Refusal(context.Request));
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = _options.PingInterval,
            KeepAliveTimeout = _options.ClientTimeout - _options.PingInterval,
        });
        var client = clients.TryAdmit(context.TraceIdentifier, StreamTransport.WebSocket);
        if (client is null)
        {
            await RefuseAsync(socket, context.RequestAborted);
            return Results.Empty;
        }

        client.Subscriptions.Scope = context.ScopeOf();
        audit.RecordStream(context);
        LogConnected(context.User.Identity?.Name ?? ApiKeyRing.OpenCaller, client.Id);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var sending = SendLoopAsync(socket, client, ended.Token);
        (WebSocketCloseStatus Status, string Reason)? close = null;
        try
        {
            close = await ReceiveLoopAsync(socket, client, context.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            // Only one send at a time on a WebSocket: the queue ends, the sender finishes (or is cut off), then the close goes out.
            clients.Remove(client);
            if (await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)) != sending)
            {
                await ended.CancelAsync();
            }

            await sending;
            if (close is { } c && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                try
                {
                    await socket.CloseOutputAsync(c.Status, c.Reason, CancellationToken.None);
                }
                catch (Exception e) when (e is WebSocketException or IOException)
                {
                }
            }

            LogDisconnected(client.Id, client.Sent, client.Dropped);
        }

        return Results.Empty;
    }

    private async Task RefuseAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            var refusal = LiveMessages.ErrorOf("too_many_clients", null, clients.FullMessage, time.GetUtcNow());
            await socket.SendAsync(refusal.Json, WebSocketMessageType.Text, true, cancellationToken);
            await socket.CloseOutputAsync(TryAgainLater, $"too many clients (max {clients.MaxClients})", cancellationToken);
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var buffer = new byte[256];
            while (socket.State == WebSocketState.CloseSent)
            {
                await socket.ReceiveAsync(buffer, drain.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }

        LogRefused(clients.MaxClients);
    }

    /// <summary>Reads the client's messages until it closes, or breaks a rule; answers with how to close.</summary>
    private async Task<(WebSocketCloseStatus, string)?> ReceiveLoopAsync(WebSocket socket, StreamClient client, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        while (socket.State == WebSocketState.Open)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(1024), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (WebSocketCloseStatus.NormalClosure, "bye");
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > _options.MaxClientMessageBytes)
                {
                    return (WebSocketCloseStatus.MessageTooBig, $"messages are at most {_options.MaxClientMessageBytes} bytes");
                }
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                client.Offer(LiveMessages.ErrorOf("invalid_message", "message", "Messages are JSON text frames.", time.GetUtcNow()));
                continue;
            }

            Handle(client, buffer.WrittenSpan);
        }

        return null;
    }

    private void Handle(StreamClient client, ReadOnlySpan<byte> message)
    {
        var now = time.GetUtcNow();
        StreamRequest request;
        try
        {
            request = StreamRequestReader.Read(message);
        }
        catch (StreamRequestException invalid)
        {
            client.Offer(LiveMessages.ErrorOf("invalid_message", invalid.Field, invalid.Message, now));
            return;
        }

        switch (request.Action)
        {
            case "ping":
                client.Offer(LiveMessages.PongOf(now));
                break;
            case "subscribe":
                var stream = request.Stream!.Value;
                client.Subscriptions.Set(stream, request.Filter);
                client.Offer(LiveMessages.SubscribedOf(stream, request.Filter, now));
                if (stream == StreamType.SystemStatus)
                {
                    client.Offer(broadcaster.CurrentStatus(client.Subscriptions.Scope));
                }

                break;
            case "unsubscribe":
                client.Subscriptions.Set(request.Stream!.Value, null);
                client.Offer(LiveMessages.UnsubscribedOf(request.Stream.Value, now));
                break;
        }
    }

    private static async Task SendLoopAsync(WebSocket socket, StreamClient client, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in client.Outbox.ReadAllAsync(cancellationToken))
            {
                await socket.SendAsync(message.Json, WebSocketMessageType.Text, true, cancellationToken);
                client.MarkSent();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream client {Client} connected over WebSocket as {Caller}")]
    private partial void LogConnected(string caller, string client);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream client {Client} disconnected: {Sent} messages sent, {Dropped} dropped while it fell behind")]
    private partial void LogDisconnected(string client, long sent, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WebSocket stream client was refused: {MaxClients} clients are connected already")]
    private partial void LogRefused(int maxClients);
}
