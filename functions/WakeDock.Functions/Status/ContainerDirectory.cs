using System.ComponentModel;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Status;

/// <summary>
/// A monitored container: the spec's fields (<c>network_rx_mb</c> and <c>network_tx_mb</c> are the totals in MB,
/// 1 MB = 1,048,576 bytes), then its host, image, the rest of its latest sample, and whether it still reports.
/// </summary>
public sealed record ContainerEntry(
    string ContainerId,
    string? ContainerName,
    string? ServiceName,
    DateTimeOffset LastUpdate,
    double CpuPercent,
    double MemoryPercent,
    double NetworkRxMb,
    double NetworkTxMb,
    string? Host,
    string? Image,
    long MemoryUsage,
    long MemoryLimit,
    double NetworkRxBytesPerSec,
    double NetworkTxBytesPerSec,
    long Pids,
    bool Active);

/// <summary>The spec's containers response.</summary>
public sealed record ContainerList(IReadOnlyList<ContainerEntry> Containers);

/// <summary>
/// The containers of the hot tier (a sample within the last two hours), by id, name or a 12+ character prefix. Those
/// whose latest sample is within three collection intervals of their host are active: the monitored containers that
/// <c>/status</c> counts.
/// </summary>
public sealed class ContainerDirectory(ContainerQueries containers, IngestActivity activity, IOptions<WakeDockOptions> options, TimeProvider time)
{
    public IReadOnlyList<ContainerEntry> List(string? host, string? serviceName, bool? active, ContainerScope? scope = null)
    {
        var now = time.GetUtcNow();
        var interval = options.Value.Collection.IntervalSeconds;
        return containers.List(new ContainerQuery(host, serviceName, scope))
            .Select(c => Entry(c, MonitoringStatusReader.IsRecent(c.LastUpdate, activity.IntervalOf(c.Host ?? "") ?? interval, now)))
            .Where(c => active is null || c.Active == active)
            .ToList();
    }

    /// <summary>The container, or null when none is known or it is outside <paramref name="scope"/> (the caller cannot tell which).</summary>
    public ContainerEntry? Find(string idOrName, ContainerScope? scope = null)
    {
        var all = List(null, null, null, scope);
        return all.FirstOrDefault(c => c.ContainerId == idOrName)
               ?? all.FirstOrDefault(c => c.ContainerName == idOrName)
               ?? (idOrName.Length >= 12 ? all.FirstOrDefault(c => c.ContainerId.StartsWith(idOrName, StringComparison.Ordinal)) : null);
    }

    private static ContainerEntry Entry(MonitoredContainer c, bool active) => new(
        c.ContainerId, c.ContainerName, c.ServiceName, c.LastUpdate, c.CpuPercent, c.MemoryPercent, c.NetworkRxMb, c.NetworkTxMb,
        c.Host, c.Latest.Image, c.Latest.MemoryUsage, c.Latest.MemoryLimit, c.Latest.NetworkRxBytesPerSec, c.Latest.NetworkTxBytesPerSec, c.Latest.Pids, active);
}
