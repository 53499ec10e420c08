namespace WakeDock.Functions.Live;

/// <summary>The live streams' limits (section <c>WakeDock:Streams</c>; the spec's <c>WAKEDOCK_WS_*</c> map onto it).</summary>
public sealed class StreamOptions
{
    public const string Section = "WakeDock:Streams";

    /// <summary>Clients connected at once, WebSocket and SignalR together (<c>WAKEDOCK_WS_MAX_CLIENTS</c>); the next is refused with a reason.</summary>
    public int MaxClients { get; set; } = 100;

    /// <summary>Seconds between pings (<c>WAKEDOCK_WS_PING_INTERVAL</c>).</summary>
    public double PingIntervalSeconds { get; set; } = 30;

    /// <summary>A client silent this long, unanswered pings included, is disconnected (<c>WAKEDOCK_WS_CLIENT_TIMEOUT</c>).</summary>
    public double ClientTimeoutSeconds { get; set; } = 60;

    /// <summary>Messages waiting for one client; past it the oldest are dropped and counted, so a slow client never slows ingest.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Seconds between two <c>system_status</c> messages.</summary>
    public double StatusIntervalSeconds { get; set; } = 10;

    /// <summary>The largest message a client may send (a subscription).</summary>
    public int MaxClientMessageBytes { get; set; } = 16 * 1024;

    public TimeSpan PingInterval => TimeSpan.FromSeconds(PingIntervalSeconds);

    public TimeSpan ClientTimeout => TimeSpan.FromSeconds(ClientTimeoutSeconds);

    public TimeSpan StatusInterval => TimeSpan.FromSeconds(StatusIntervalSeconds);

    /// <summary>The reasons settings cannot work, each naming its setting.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxClients < 1)
        {
            yield return "WakeDock:Streams:MaxClients (WAKEDOCK_WS_MAX_CLIENTS) must be at least 1.";
        }

        if (PingIntervalSeconds <= 0)
        {
            yield return "WakeDock:Streams:PingIntervalSeconds (WAKEDOCK_WS_PING_INTERVAL) must be positive.";
        }

        if (ClientTimeoutSeconds <= PingIntervalSeconds)
        {
            yield return "WakeDock:Streams:ClientTimeoutSeconds (WAKEDOCK_WS_CLIENT_TIMEOUT) must be longer than the ping interval: a client has until then to answer a ping.";
        }

        if (QueueCapacity < 16)
        {
            yield return "WakeDock:Streams:QueueCapacity must be at least 16.";
        }

        if (StatusIntervalSeconds < 1)
        {
            yield return "WakeDock:Streams:StatusIntervalSeconds must be at least 1.";
        }

        if (MaxClientMessageBytes < 1024)
        {
            yield return "WakeDock:Streams:MaxClientMessageBytes must be at least 1024.";
        }
    }
}
