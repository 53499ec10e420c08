using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>
/// With <c>WakeDock:ScaleOut:Enabled</c>: follows the other instances' segments, keeps this one's host partitions, and
/// seals its own segments of past days every minute (the compaction that would seal them may run on another instance).
/// </summary>
public sealed class ScaleOutHost(IServiceProvider services, GroupCommitWriter writer, TimeProvider time, IOptions<WakeDockOptions> options) : BackgroundService
{
    // resolved only when on: one instance needs no store that takes leases
    private PeerFollower Follower => services.GetRequiredService<PeerFollower>();

    private HostPartitions Partitions => services.GetRequiredService<HostPartitions>();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ScaleOut.Enabled)
        {
            return;
        }

        await Follower.StartAsync(cancellationToken);
        await Partitions.StartAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ScaleOut.Enabled)
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        await Partitions.StopAsync(cancellationToken);
        await Follower.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
                var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                await writer.RunExclusiveAsync(async (metrics, alerts) => (await metrics.SealAsync(today)).Count + (await alerts.SealAsync(today)).Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
