using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>
/// Scale-out: a host's batches are ingested by the instance holding the host's lease (<c>leases/hosts/&lt;host&gt;</c>).
/// Taking a partition loads its record — sequence ranges and alert episodes — and, after a crash of the previous
/// holder (record not released), first reads everything the other instances stored (<see cref="PeerFollower"/>), so
/// that what was stored is known and the episodes its alerts changed are current. A partition idle for
/// <c>IdleRelease</c> is handed back with an exact record, so the next batch can be taken by any instance.
/// </summary>
public sealed class HostPartitions(
    ILeaseStore leases, IngestLedger ledger, ThresholdEvaluator evaluator, PeerFollower peers, TimeProvider time,
    IOptions<WakeDockOptions> options, ILogger<HostPartitions> logger) : IHostPartitions, IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _upkeep = Task.CompletedTask;
    private int _disposed;

    private ScaleOutOptions Settings => options.Value.ScaleOut;

    private string Owner => options.Value.Storage.WriterId!;

    public async Task<bool> EnterAsync(string host, CancellationToken cancellationToken)
    {
        var partition = _partitions.GetOrAdd(host, h => new Partition(h));
        var deadline = time.GetUtcNow() + Settings.OwnershipWait;
        while (true)
        {
            await partition.Gate.WaitAsync(cancellationToken);
            try
            {
                if (await HoldAsync(partition, cancellationToken))
                {
                    lock (partition)
                    {
                        partition.InFlight++;
                        partition.LastUsed = time.GetUtcNow();
                    }

                    return true;
                }
            }
            finally
            {
                partition.Gate.Release();
            }

            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    public async Task<bool> FenceAsync(string host, IReadOnlyList<(long Low, long High)> pending, CancellationToken cancellationToken)
    {
        var partition = _partitions[host];
        await partition.Gate.WaitAsync(cancellationToken);
        try
        {
            if (partition.LeaseId is null || !StillHeld(partition))
            {
                return false;
            }

            var written = await WriteAsync(partition, [.. pending.Select(p => new[] { p.Low, p.High })], evaluator.ExportHost(host), released: false, cancellationToken);
            if (!written)
            {
                Lose(partition, "its record was written by another instance");
            }

            return written;
        }
        finally
        {
            partition.Gate.Release();
        }
    }

    public void Leave(string host)
    {
        if (_partitions.TryGetValue(host, out var partition))
        {
            lock (partition)
            {
                partition.InFlight--;
                partition.LastUsed = time.GetUtcNow();
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _upkeep = Task.Run(() => UpkeepAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Hands every partition back (exact records), so that the other instances take them at once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host's RunAsync disposes it when its lifetime stops, which can overtake a second StopAsync of the same host
        // (WebApplicationFactory's): disposed, there is nothing left to hand back.
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        await _upkeep;
        foreach (var partition in _partitions.Values)
        {
            await partition.Gate.WaitAsync(cancellationToken);
            try
            {
                await ReleaseAsync(partition, cancellationToken);
            }
            finally
            {
                partition.Gate.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // registered as itself and as IHostPartitions: the container disposes it twice
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _upkeep;
        _stopping.Dispose();
    }

    /// <summary>Holds the partition now: renews a lease held, or takes the lease and the record.</summary>
    private async Task<bool> HoldAsync(Partition partition, CancellationToken cancellationToken)
    {
        if (partition.LeaseId is { } held)
        {
            if (time.GetUtcNow() - partition.RenewedAt < Settings.LeaseDuration / 3)
            {
                return true;
            }

            if (await leases.RenewLeaseAsync(PartitionRecord.LeaseName(partition.Host), held, cancellationToken))
            {
                partition.RenewedAt = time.GetUtcNow();
                return true;
            }

            Lose(partition, "its lease expired");
        }

        var taken = time.GetUtcNow();
        var leaseId = await leases.TryAcquireLeaseAsync(PartitionRecord.LeaseName(partition.Host), Settings.LeaseDuration, cancellationToken);
        if (leaseId is null)
        {
            return false;
        }

        partition.LeaseId = leaseId;
        partition.RenewedAt = taken;
        while (true)
        {
            var stored = await leases.ReadVersionedAsync(PartitionRecord.BlobName(partition.Host), cancellationToken);
            var record = stored is null ? null : JsonSerializer.Deserialize(stored.Content, ScaleOutJsonContext.Default.PartitionRecord);
            if (record is not null && !record.Released)
            {
                // its last holder crashed or lost it mid-batch: what it stored is in its segments, read them all first
                await peers.CatchUpAsync(time.GetUtcNow(), cancellationToken);
            }

            ledger.Restore(new LedgerSnapshot { SavedAt = taken, Hosts = new() { [partition.Host] = record?.Stored ?? [] } });
            evaluator.ImportHost(partition.Host, record?.Episodes ?? HostEpisodes.None);
            if (record is not null && !record.Released)
            {
                // an alert carries its sample's time, which can be well before the record's write (a batch retried for a while)
            evaluator.Restore(peers.AlertsOf(partition.Host, record.UpdatedAt - TimeSpan.FromMinutes(5)));
            }

            // Writing the record at once moves its version on: a previous holder that still thinks it holds the host
            // (a pause past its lease) is refused at its next fence, before it stores anything.
            partition.ETag = stored?.ETag;
            if (await WriteAsync(partition, [], evaluator.ExportHost(partition.Host), released: false, cancellationToken))
            {
                logger.PartitionTaken(partition.Host, record?.Owner, record?.Released ?? true);
                return true;
            }
        }
    }

    private bool StillHeld(Partition partition) => time.GetUtcNow() - partition.RenewedAt < Settings.LeaseDuration * 2 / 3;

    private async Task<bool> WriteAsync(Partition partition, List<long[]> pending, HostEpisodes episodes, bool released, CancellationToken cancellationToken)
    {
        var record = new PartitionRecord
        {
            Host = partition.Host,
            Owner = Owner,
            UpdatedAt = time.GetUtcNow(),
            Stored = ledger.RangesOf(partition.Host),
            Pending = pending,
            Episodes = episodes,
            Released = released,
        };
        var etag = await leases.TryWriteAsync(PartitionRecord.BlobName(partition.Host),
            JsonSerializer.SerializeToUtf8Bytes(record, ScaleOutJsonContext.Default.PartitionRecord), partition.ETag, cancellationToken);
        if (etag is null)
        {
            return false;
        }

        partition.ETag = etag;
        return true;
    }

    private async Task ReleaseAsync(Partition partition, CancellationToken cancellationToken)
    {
        if (partition.LeaseId is not { } leaseId)
        {
            return;
        }

        var episodes = evaluator.TakeHost(partition.Host);
        if (StillHeld(partition))
        {
            await WriteAsync(partition, [], episodes, released: true, cancellationToken);
        }

        await leases.ReleaseLeaseAsync(PartitionRecord.LeaseName(partition.Host), leaseId, cancellationToken);
        partition.LeaseId = null;
        partition.ETag = null;
    }

    private void Lose(Partition partition, string why)
    {
        logger.PartitionLost(partition.Host, why);
        evaluator.ForgetHost(partition.Host);
        partition.LeaseId = null;
        partition.ETag = null;
    }

    /// <summary>Renews the leases of busy partitions, hands idle ones back.</summary>
    private async Task UpkeepAsync(CancellationToken stopping)
    {
        var step = TimeSpan.FromMilliseconds(Math.Min(500, Settings.IdleRelease.TotalMilliseconds / 2));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(step, time, stopping);
                foreach (var partition in _partitions.Values.Where(p => p.LeaseId is not null))
                {
                    if (!await partition.Gate.WaitAsync(0, stopping))
                    {
                        continue;
                    }

                    try
                    {
                        bool idle;
                        lock (partition)
                        {
                            idle = partition.InFlight == 0 && time.GetUtcNow() - partition.LastUsed >= Settings.IdleRelease;
                        }

                        if (idle)
                        {
                            await ReleaseAsync(partition, stopping);
                        }
                        else if (time.GetUtcNow() - partition.RenewedAt >= Settings.LeaseDuration / 3)
                        {
                            await HoldAsync(partition, stopping);
                        }
                    }
                    finally
                    {
                        partition.Gate.Release();
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.PartitionUpkeepFailed(e);
            }
        }
    }

    private sealed class Partition(string host)
    {
        public string Host { get; } = host;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public string? LeaseId { get; set; }

        public string? ETag { get; set; }

        public DateTimeOffset RenewedAt { get; set; }

        public int InFlight { get; set; }

        public DateTimeOffset LastUsed { get; set; }
    }
}
