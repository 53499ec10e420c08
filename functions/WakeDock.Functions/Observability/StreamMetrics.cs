using System.Diagnostics.Metrics;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Functions.Observability;

/// <summary>
/// The live streams' figures on <c>/metrics</c>, read at each scrape from the same <see cref="IStreamConnections"/>
/// the status endpoint reports, so that the two never disagree. Dropped updates are the live feed's
/// <c>wakedock_live_dropped_total</c>.
/// </summary>
public sealed class StreamMetrics
{
    public StreamMetrics(IMeterFactory meterFactory, IStreamConnections streams)
    {
        var meter = meterFactory.Create(PipelineMetrics.MeterName);
        meter.CreateObservableUpDownCounter("wakedock.stream.connections", () => streams.Counts.ActiveConnections, "{connection}",
            "Live stream connections (WebSocket and SignalR) open now.");
        meter.CreateObservableCounter("wakedock.stream.connections.opened", () => streams.Counts.TotalConnections, "{connection}",
            "Live stream connections accepted since start-up.");
        meter.CreateObservableCounter("wakedock.stream.messages.sent", () => streams.Counts.MessagesSent, "{message}",
            "Messages sent on the live streams since start-up.");
    }
}
