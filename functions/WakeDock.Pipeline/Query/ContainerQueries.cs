using WakeDock.Contracts;

namespace WakeDock.Pipeline.Query;

/// <summary>Which monitored containers: optionally one host or one service.</summary>
public sealed record ContainerQuery(string? Host = null, string? ServiceName = null, ContainerScope? Scope = null);

/// <summary>A container of the spec's containers response (network in MB, 1 MB = 1,048,576 bytes), with its whole latest sample.</summary>
public sealed record MonitoredContainer(
    string ContainerId,
    string? ContainerName,
    string? ServiceName,
    string? Host,
    DateTimeOffset LastUpdate,
    double CpuPercent,
    double MemoryPercent,
    double NetworkRxMb,
    double NetworkTxMb,
    ContainerSample Latest);

/// <summary>The containers that sent a sample within the hot window, with their newest sample.</summary>
public sealed class ContainerQueries(RecentSamples recent)
{
    private const double Mebibyte = 1024 * 1024;

    public IReadOnlyList<MonitoredContainer> List(ContainerQuery query)
        => recent.Latest(new SampleFilter(null, query.ServiceName, query.Host, query.Scope))
            .OrderBy(s => s.ContainerName ?? s.ContainerId, StringComparer.Ordinal)
            .Select(s => new MonitoredContainer(s.ContainerId, s.ContainerName, s.ServiceName, s.Host, s.Timestamp, s.CpuPercent, s.MemoryPercent,
                Math.Round(s.NetworkRxBytes / Mebibyte, 2), Math.Round(s.NetworkTxBytes / Mebibyte, 2), s))
            .ToList();
}
