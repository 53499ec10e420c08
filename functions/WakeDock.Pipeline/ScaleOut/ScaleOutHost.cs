using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>
/// With <c>WakeDock:ScaleOut:Enabled</c>: follows the other instances' segments, keeps this one's host partitions, logs
/// the host readings it ingests for the others, and
/// seals its own segments of past days every minute (the compaction that would seal them may run on another instance).
/// </summary>
public sealed class ScaleOutHost(IServiceProvider services, GroupCommitWriter writer, TimeProvider time, IOptions<WakeDockOptions> options) : BackgroundService
{
    // resolved only when on (one instance needs no store that takes leases), and at start: stopping may come after
    // the provider is disposed
    private PeerFollower? _follower;
    private HostPartitions? _partitions;
    private HostReadingLog? _readings;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ScaleOut.Enabled)
        {
            return;
        }

        _follower = services.GetRequiredService<PeerFollower>();
        _partitions = services.GetRequiredService<HostPartitions>();
        _readings = services.GetRequiredService<HostReadingLog>();
        await _readings.StartAsync(cancellationToken);
        await _follower.StartAsync(cancellationToken);
        await _partitions.StartAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_follower is null || _partitions is null || _readings is null)
        {
            return;
        }

        await base.StopAsync(cancellationToken);
        await _partitions.StopAsync(cancellationToken);
        await _follower.StopAsync(cancellationToken);
        await _readings.StopAsync(cancellationToken);
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
