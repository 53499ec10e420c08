using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace WakeDock.Live.Tests.Support;

/// <summary>A test's end of the spec's WebSocket: sends messages, reads them as JSON with a deadline.</summary>
internal sealed class StreamClientSocket(ClientWebSocket socket) : IAsyncDisposable
{
    public ClientWebSocket Socket { get; } = socket;

    public Task SendAsync(string json)
        => Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>The next message, or null when the server closed (its close status is then on <see cref="Socket"/>).</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? within = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(within ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, deadline.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    /// <summary>Messages until one of <paramref name="type"/> comes; the others are returned too, in order.</summary>
    public async Task<(JsonObject Match, List<JsonObject> Before)> ReceiveUntilAsync(string type, TimeSpan? within = null)
    {
        var before = new List<JsonObject>();
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"no {type} message came; got {string.Join(", ", before.Select(m => m["type"]))}");
            var message = await ReceiveAsync(left) ?? throw new InvalidOperationException($"the server closed before a {type} message");
            if ((string?)message["type"] == type)
            {
                return (message, before);
            }

            before.Add(message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        Socket.Dispose();
    }
}
