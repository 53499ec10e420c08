using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using WakeDock.Functions.Security;

namespace WakeDock.Functions.Live;

/// <summary>
/// The dashboard's channel, a SignalR hub at <c>/hubs/live</c> fed by the same broadcaster and filters as the WebSocket
/// endpoint. Methods: <c>Subscribe(stream_type, filters)</c> and <c>Unsubscribe(stream_type)</c>. The server calls
/// <c>metrics_batch</c>, <c>alert</c> and <c>system_status</c> on the client, each with the spec's envelope.
/// </summary>
public sealed partial class LiveHub(StreamClients clients, LiveBroadcaster broadcaster, OriginRule origins, IHubContext<LiveHub> hub, AuditTrail audit, TimeProvider time, ILogger<LiveHub> logger)
    : Hub
{
    public const string Path = "/hubs/live";

    public override Task OnConnectedAsync()
    {
        if (Context.GetHttpContext() is { } http && !origins.Allows(http.Request))
        {
            clients.Counters.CountRefused(StreamTransport.SignalR, "origin");
            throw new HubException(OriginRule.Refusal(http.Request));
        }

        // Refused with the reason; the client's onclose receives it and does not reconnect by itself.
        var client = clients.TryAdmit(Context.ConnectionId, StreamTransport.SignalR) ?? throw new HubException(clients.FullMessage);
        client.Subscriptions.Scope = CallerScope.Of(Context.User);
        if (Context.GetHttpContext() is { } connection)
        {
            audit.RecordStream(connection);
        }

        LogConnected(client.Id, Context.User?.Identity?.Name ?? ApiKeyRing.OpenCaller);
        _ = PumpAsync(client, hub, logger, Context.ConnectionAborted);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (clients.Find(Context.ConnectionId) is { } client)
        {
            clients.Remove(client);
            LogDisconnected(client.Id, client.Sent, client.Dropped);
        }

        return Task.CompletedTask;
    }

    /// <summary>Subscribes this connection to a stream (replacing its filter there); answers the subscription as understood.</summary>
    public LiveMessage Subscribe(string streamType, JsonElement? filters = null)
    {
        var client = Client();
        try
        {
            var stream = StreamRequestReader.StreamTypeOf(streamType);
            var filter = filters is { } f ? StreamRequestReader.Filter(f) : StreamFilter.All;
            client.Subscriptions.Set(stream, filter);
            if (stream == StreamType.SystemStatus)
            {
                client.Offer(broadcaster.CurrentStatus(client.Subscriptions.Scope));
            }

            return LiveMessages.SubscribedOf(stream, filter, time.GetUtcNow());
        }
        catch (StreamRequestException invalid)
        {
            throw new HubException($"{invalid.Field}: {invalid.Message}");
        }
    }

    public LiveMessage Unsubscribe(string streamType)
    {
        try
        {
            var stream = StreamRequestReader.StreamTypeOf(streamType);
            Client().Subscriptions.Set(stream, null);
            return LiveMessages.UnsubscribedOf(stream, time.GetUtcNow());
        }
        catch (StreamRequestException invalid)
        {
            throw new HubException($"{invalid.Field}: {invalid.Message}");
        }
    }

    private StreamClient Client() => clients.Find(Context.ConnectionId) ?? throw new HubException("This connection is not admitted to the streams.");

    /// <summary>Sends a client's queue through the hub context (hub instances live for one call only).</summary>
    private static async Task PumpAsync(StreamClient client, IHubContext<LiveHub> hub, ILogger logger, CancellationToken aborted)
    {
        var proxy = hub.Clients.Client(client.Id);
        try
        {
            await foreach (var message in client.Outbox.ReadAllAsync(aborted))
            {
                await proxy.SendAsync(message.Type, message, aborted);
                client.MarkSent();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            LogPumpFailed(logger, e, client.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream client {Client} connected over SignalR as {Caller}")]
    private partial void LogConnected(string client, string caller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream client {Client} disconnected: {Sent} messages sent, {Dropped} dropped while it fell behind")]
    private partial void LogDisconnected(string client, long sent, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to stream client {Client} failed")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string client);
}
