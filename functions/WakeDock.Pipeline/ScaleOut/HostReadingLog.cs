using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Hosts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>One host's metrics as an instance ingested them: a line of a <c>hosts_</c> segment.</summary>
public sealed record HostReading(string Host, HostMetrics Metrics);

/// <summary>
/// With scale-out, a host's batches go to any instance, but <c>/hosts</c> and the disk predictions need every reading of
/// it: this appends the readings this instance ingests to its own <c>hosts_</c> segments once a follow interval (not
/// with each batch: a reading is state, not an acknowledged sample; the next batch brings a newer one), and the
/// <see cref="PeerFollower"/> reads the other instances'.
/// </summary>
public sealed class HostReadingLog(IBlobStore store, HostBoard board, TimeProvider time, IOptions<WakeDockOptions> options, ILogger<HostReadingLog> logger)
    : BackgroundService
{
    // while storage is away the queue keeps the newest readings only: an hour of 500 hosts at 10 s is 180,000
    private const int MaxPending = 20_000;
    private readonly ConcurrentQueue<HostReading> _pending = new();
    private int _overflowed;
    private readonly SegmentLog _log = new(store, SegmentName.Hosts, options.Value.Storage.WriterId, options.Value.Storage.SegmentBytes);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await foreach (var blob in store.ListAsync(SegmentName.Hosts + "_", cancellationToken))
        {
            if (SegmentName.TryParse(blob.Name) is { } name)
            {
                _log.Learn(name);
            }
        }

        board.Ingested += Enqueue;
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        board.Ingested -= Enqueue;
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // stopping goes on: the readings of the last interval are state, and the hosts' next batches bring newer
            logger.HostReadingsNotLogged(e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.ScaleOut.FollowInterval, time, stoppingToken);
                await FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // the readings stay queued for the next flush
                logger.HostReadingsNotLogged(e);
            }
        }
    }

    private void Enqueue(string host, HostMetrics metrics)
    {
        _pending.Enqueue(new HostReading(host, metrics));
        if (_pending.Count > MaxPending && _pending.TryDequeue(out _))
        {
            Interlocked.Increment(ref _overflowed);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (Interlocked.Exchange(ref _overflowed, 0) is > 0 and var overflowed)
        {
            logger.HostReadingsOverflowed(overflowed, MaxPending);
        }

        await _log.SealAsync(today);
        if (_pending.IsEmpty)
        {
            return;
        }

        var taken = new List<HostReading>();
        var lines = new MemoryStream();
        while (_pending.TryPeek(out var reading))
        {
            JsonSerializer.Serialize(lines, reading, ScaleOutJsonContext.Default.HostReading);
            lines.WriteByte((byte)'\n');
            taken.Add(reading);
            _pending.TryDequeue(out _);
        }

        try
        {
            await _log.AppendAsync(today, lines.GetBuffer().AsMemory(0, (int)lines.Length), cancellationToken);
        }
        catch
        {
            foreach (var reading in taken)
            {
                _pending.Enqueue(reading);
            }

            throw;
        }
    }
}
