using System.Diagnostics.Metrics;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Functions.Live;

/// <summary>
/// What the live streams count beside <see cref="Api.IStreamConnections"/> (whose connections and messages sent the
/// observability's stream metrics read): connections refused, by transport and reason, and messages dropped because a
/// client fell behind, by transport. On the <c>WakeDock.Functions</c> meter, so they reach <c>/metrics</c>.
/// </summary>
public sealed class StreamCounters
{
    private readonly Counter<long> _refused, _dropped;

    public StreamCounters(IMeterFactory meters)
        : this(meters.Create(PipelineMetrics.MeterName))
    {
    }

    public StreamCounters(Meter meter)
    {
        _refused = meter.CreateCounter<long>("wakedock.stream.connections.refused", "{connection}", "Stream connections refused, by transport (websocket, signalr) and reason (max_clients, origin).");
        _dropped = meter.CreateCounter<long>("wakedock.stream.messages.dropped", "{message}", "Stream messages dropped because a client fell behind, by transport.");
    }

    public void CountRefused(StreamTransport transport, string reason) => _refused.Add(1, Tag(transport), new KeyValuePair<string, object?>("reason", reason));

    public void CountDropped(StreamTransport transport) => _dropped.Add(1, Tag(transport));

    private static KeyValuePair<string, object?> Tag(StreamTransport transport)
        => new("transport", transport == StreamTransport.WebSocket ? "websocket" : "signalr");
}
