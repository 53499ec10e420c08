using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;

namespace WakeDock.EdgeAgent.Collection;

/// <summary>One collection: sample, batch, hand over.</summary>
public interface ICollectionCycle
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>Runs a collection every interval on the <see cref="TickSchedule"/>, unless paused.</summary>
public sealed partial class CollectionLoop(
    ICollectionCycle cycle, AgentControl control, IOptions<AgentOptions> options, TimeProvider time, ILogger<CollectionLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = new TickSchedule(time.GetUtcNow(), options.Value.Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            try
            {
                await Task.Delay(schedule.NextAfter(now) - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (control.IsPaused)
            {
                continue;
            }

            try
            {
                await cycle.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogCycleFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A collection failed; the next interval tries again")]
    private partial void LogCycleFailed(Exception exception);
}
