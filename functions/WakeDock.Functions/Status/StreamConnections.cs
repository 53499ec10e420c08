namespace WakeDock.Functions.Status;

/// <summary>The live streams' figures, as the spec's status reports them under <c>websocket</c>.</summary>
public sealed record StreamConnectionCounts(int ActiveConnections, long TotalConnections, long MessagesSent);

/// <summary>
/// Implemented by the live streams (WebSocket and SignalR): register an implementation as a singleton and the
/// status endpoint reports it. Until then there are no streams and the counts are zero.
/// </summary>
public interface IStreamConnections
{
    StreamConnectionCounts Counts { get; }
}

internal sealed class NoStreamConnections : IStreamConnections
{
    public StreamConnectionCounts Counts { get; } = new(0, 0, 0);
}
