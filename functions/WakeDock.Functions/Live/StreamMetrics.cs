using System.Diagnostics.Metrics;
using WakeDock.Functions.Telemetry;

namespace WakeDock.Functions.Live;

/// <summary>
/// The live streams' instruments on the <c>WakeDock.Functions</c> meter (so they reach <c>/metrics</c>): connections
/// by transport, connections accepted and refused, messages sent, and messages dropped for slow clients.
/// </summary>
public sealed class StreamMetrics
{
    private readonly Counter<long> _accepted, _refused, _sent, _dropped;
    private readonly Func<IEnumerable<(StreamTransport Transport, int Count)>> _active;

    public StreamMetrics(IMeterFactory meters, Func<IEnumerable<(StreamTransport Transport, int Count)>> active)
        : this(meters.Create(PipelineMetrics.MeterName), active)
    {
    }

    public StreamMetrics(Meter meter, Func<IEnumerable<(StreamTransport Transport, int Count)>> active)
    {
        _active = active;
        _accepted = meter.CreateCounter<long>("wakedock.stream.connections.accepted", "{connection}", "Stream connections accepted, by transport (websocket, signalr).");
        _refused = meter.CreateCounter<long>("wakedock.stream.connections.refused", "{connection}", "Stream connections refused, by transport and reason (max_clients, origin).");
        _sent = meter.CreateCounter<long>("wakedock.stream.messages.sent", "{message}", "Stream messages written to clients, by transport.");
        _dropped = meter.CreateCounter<long>("wakedock.stream.messages.dropped", "{message}", "Stream messages dropped because a client fell behind, by transport.");
        meter.CreateObservableGauge("wakedock.stream.connections", Observe, "{connection}", "Stream clients connected now, by transport.");
    }

    public void CountAccepted(StreamTransport transport) => _accepted.Add(1, Tag(transport));

    public void CountRefused(StreamTransport transport, string reason) => _refused.Add(1, Tag(transport), new KeyValuePair<string, object?>("reason", reason));

    public void CountSent(StreamTransport transport) => _sent.Add(1, Tag(transport));

    public void CountDropped(StreamTransport transport) => _dropped.Add(1, Tag(transport));

    private IEnumerable<Measurement<int>> Observe() => _active().Select(a => new Measurement<int>(a.Count, Tag(a.Transport)));

    private static KeyValuePair<string, object?> Tag(StreamTransport transport)
        => new("transport", transport == StreamTransport.WebSocket ? "websocket" : "signalr");
}
