using WakeDock.Pipeline.Hosting;
using WakeDock.Pipeline.Live;

namespace WakeDock.Pipeline.Alerts;

/// <summary>
/// The spec's <c>add_alert_callback</c>: in-process handlers called with every alert record (fired,
/// escalated, resolved), one after the other, off the ingest path. A failing handler is logged and the
/// others still run.
/// </summary>
public sealed class AlertCallbacks(LiveFeed feed, ILogger<AlertCallbacks> logger) : BackgroundService
{
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
        using var subscription = feed.Subscribe(new LiveSubscriptionOptions(Samples: false, Alerts: true, Capacity: 10_000, Peers: false));
        try
        {
            await foreach (var update in subscription.Updates.ReadAllAsync(stoppingToken))
            {
                if (update is not AlertChanged changed)
                {
                    continue;
                }

                foreach (var handler in _handlers)
                {
                    try
                    {
                        await handler(changed.Record, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.AlertCallbackFailed(e, changed.Record.Alert.Id);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping (or disposed without a stop): the callbacks end here
        }
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
