using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Hosts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Predictions;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

/// <summary>
/// A Docker host whose agent delivered: when last and at what interval, whether it still delivers, its containers
/// (active: a sample within three intervals), the host as its agent last read it (null when its agent sends no host
/// metrics), and the file systems that fill up in a straight enough line, with when each is predicted full.
/// </summary>
public sealed record HostEntry(
    string Host,
    DateTimeOffset LastBatch,
    double CollectionInterval,
    bool IsRunning,
    int ActiveContainers,
    int SilentContainers,
    HostMetrics? Metrics,
    IReadOnlyList<DiskFullPrediction> DiskPredictions);

/// <summary>A file system predicted full: when, how long from now, and what is left of it.</summary>
public sealed record DiskFullPrediction(string Mountpoint, DateTimeOffset FullAt, double HoursLeft, long AvailableBytes, long SizeBytes, double RSquared);

public sealed record HostList(IReadOnlyList<HostEntry> Hosts);

/// <summary>
/// The hosts of <c>/status</c> with their containers, host metrics and disk predictions. A scoped caller sees the hosts
/// of the containers it may see (as <c>/status</c> shows them), counts of those containers only, and the host's own
/// readings only where its scope names hosts and nothing narrower: they count every container of the host.
/// </summary>
public sealed class HostDirectory(IngestActivity activity, HostBoard board, ContainerDirectory containers, IOptions<WakeDockOptions> options, TimeProvider time)
{
    public IReadOnlyList<HostEntry> List(ContainerScope? scope = null) => Entries(activity.Hosts, scope);

    /// <summary>One host, its disks fitted alone rather than every host's.</summary>
    public HostEntry? Find(string host, ContainerScope? scope = null)
        => Entries([.. activity.Hosts.Where(h => h.Host == host)], scope).SingleOrDefault();

    private List<HostEntry> Entries(IReadOnlyCollection<HostActivity> hosts, ContainerScope? scope)
    {
        var now = time.GetUtcNow();
        var byHost = containers.List(null, null, null, scope).ToLookup(c => c.Host ?? "", StringComparer.Ordinal);
        var wholeHosts = scope is null || (scope.Services.Count == 0 && scope.Projects.Count == 0 && scope.Names.Count == 0);
        return [.. hosts
            .Where(h => scope is null || (wholeHosts ? scope.AllowsHost(h.Host) : byHost.Contains(h.Host)))
            .Select(h => Entry(h, byHost[h.Host].ToList(), wholeHosts, now))];
    }

    private HostEntry Entry(HostActivity h, List<ContainerEntry> hostContainers, bool readings, DateTimeOffset now)
    {
        var active = hostContainers.Count(c => c.Active);
        return new HostEntry(h.Host, h.LastBatchAt, h.IntervalSeconds, MonitoringStatusReader.IsRecent(h.LastBatchAt, h.IntervalSeconds, now),
            active, hostContainers.Count - active, readings ? board.Latest(h.Host) : null, readings ? Predictions(h.Host, now) : []);
    }

    private List<DiskFullPrediction> Predictions(string host, DateTimeOffset now)
        => [.. board.Space(host)
            .Select(s => DiskForecast.Of(s.Key, s.Value, now, options.Value.Alerts.Predictions))
            .OfType<DiskForecast>()
            .Select(f => new DiskFullPrediction(f.Mountpoint, f.FullAt, Math.Round(f.Left.TotalHours, 1), f.AvailableBytes, f.SizeBytes, Math.Round(f.Fit.RSquared, 3)))
            .OrderBy(p => p.FullAt)];
}

internal static class HostsApi
{
    public static void MapHosts(this RouteGroupBuilder api)
    {
        api.MapGet("/hosts", (HttpContext context, HostDirectory hosts) => TypedResults.Ok(new HostList(hosts.List(context.ScopeOf()))))
            .WithName("GetHosts")
            .WithSummary("The Docker hosts whose agents deliver (beyond the spec): last batch, containers, the host's CPU, memory, load and file systems, and disks predicted full.");
        api.MapGet("/hosts/{host}", Get)
            .WithName("GetHost")
            .WithSummary("One Docker host, by the name its agent gives (beyond the spec).")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Results<Ok<HostEntry>, ProblemHttpResult> Get(HttpContext context, HostDirectory hosts, string host)
    {
        if (hosts.Find(host, context.ScopeOf()) is { } entry)
        {
            return TypedResults.Ok(entry);
        }

        return ApiProblem.Problem(StatusCodes.Status404NotFound, "host", $"No host '{host}' is known: no agent of that name delivered a batch since the host started.");
    }
}
