using Microsoft.Extensions.Options;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Live;

namespace WakeDock.Functions.Live.Azure;

/// <summary>
/// The distributed fan-out: every accepted batch, alert record and, periodically, the status go to Azure SignalR Service
/// through its REST API, which sends them to every browser connected to the hub. Browsers there are listen-only, so
/// they filter what they show themselves. A slow or failing service never slows ingest: this reads the live feed's
/// bounded queue, whose oldest updates are dropped (and counted) when it falls behind.
/// </summary>
public sealed partial class AzureSignalRFanOut(
    LiveFeed feed, AzureSignalRRestClient service, MonitoringStatusReader status, IOptions<StreamOptions> streams, TimeProvider time, ILogger<AzureSignalRFanOut> logger)
    : BackgroundService
{
    /// <summary>Samples per <c>metrics_batch</c> call, well under the service's 1 MB body.</summary>
    public const int SamplesPerMessage = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(new LiveSubscriptionOptions(Capacity: 1024, Peers: false));
        var statusLoop = StatusLoopAsync(stoppingToken);
        try
        {
            await foreach (var update in subscription.Updates.ReadAllAsync(stoppingToken))
            {
                foreach (var message in Messages(update))
                {
                    await SendAsync(message, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await statusLoop;
    }

    public IEnumerable<LiveMessage> Messages(LiveUpdate update)
    {
        var now = time.GetUtcNow();
        switch (update)
        {
            case SamplesAccepted samples:
                foreach (var chunk in samples.Samples.Chunk(SamplesPerMessage))
                {
                    yield return LiveMessages.MetricsBatchOf(chunk.Select(LiveMessages.SampleJson).ToList(), now);
                }

                break;
            case AlertChanged alert:
                yield return LiveMessages.AlertOf(alert.Record, now);
                break;
        }
    }

    private async Task SendAsync(LiveMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await service.SendToAllAsync(message.Type, message.Json, stoppingToken);
        }
        catch (Exception e) when (e is AzureSignalRException or HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            LogSendFailed(message.Type, e.Message);
        }
    }

    private async Task StatusLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(streams.Value.StatusInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SendAsync(LiveMessages.SystemStatusOf(status.Read(), time.GetUtcNow()), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Type} message did not reach Azure SignalR Service: {Reason}")]
    private partial void LogSendFailed(string type, string reason);
}
