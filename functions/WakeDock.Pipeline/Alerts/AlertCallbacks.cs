using System.Threading.Channels;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Alerts;

/// <summary>
/// The spec's <c>add_alert_callback</c>: in-process handlers called with every alert record (fired,
/// escalated, resolved), one after the other, off the ingest path. A failing handler is logged and the
/// others still run. Only this instance's records (a peer's are called back by the peer); a queue of 10,000 records,
/// the oldest dropped and counted (<c>wakedock.live.dropped</c>) when the handlers fall that far behind.
/// </summary>
public sealed class AlertCallbacks(PipelineMetrics metrics, ILogger<AlertCallbacks> logger) : BackgroundService, IAlertObserver
{
    private readonly Channel<AlertRecord> _queue = Channel.CreateBounded<AlertRecord>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => metrics.LiveDropped.Add(1));
    private volatile Func<AlertRecord, CancellationToken, Task>[] _handlers = [];
    private readonly Lock _gate = new();

    public IDisposable Add(Func<AlertRecord, CancellationToken, Task> handler)
    {
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Registration(() =>
        {
            lock (_gate)
            {
                _handlers = _handlers.Where(h => h != handler).ToArray();
            }
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var record in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var handler in _handlers)
                {
                    try
                    {
                        await handler(record, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.AlertCallbackFailed(e, record.Alert.Id);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping (or disposed without a stop): the callbacks end here
        }
    }

    public void OnAlert(AlertRecord record) => _queue.Writer.TryWrite(record);

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
