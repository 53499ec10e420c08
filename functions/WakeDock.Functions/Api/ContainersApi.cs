using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

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

/// <summary>Which containers <c>/containers</c> lists.</summary>
public sealed record ContainerFilter
{
    [FromQuery(Name = "host"), Description("Only the containers of this Docker host (beyond the spec).")]
    public string? Host { get; init; }

    [FromQuery(Name = "service_name"), Description("Only the containers of this Compose service (beyond the spec).")]
    public string? ServiceName { get; init; }

    [FromQuery(Name = "active"), AllowedValues("true", "false"),
     Description("true: only containers that reported within three collection intervals; false: only those that stopped reporting (beyond the spec).")]
    public string? Active { get; init; }
}

internal static class ContainersApi
{
    public static void MapContainers(this RouteGroupBuilder api)
    {
        api.MapGet("/containers", List)
            .WithName("GetContainers")
            .WithSummary("The monitored containers with their latest values (every container that sent a sample within the hot window, two hours by default).");
        api.MapGet("/containers/{id}", Get)
            .WithName("GetContainer")
            .WithSummary("One monitored container, by id, name or an id prefix of 12 characters or more.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Ok<ContainerList> List([AsParameters] ContainerFilter filter, HttpContext context, ContainerDirectory directory)
    {
        bool? active = filter.Active switch { "true" => true, "false" => false, _ => null };
        return TypedResults.Ok(new ContainerList(directory.List(filter.Host, filter.ServiceName, active, context.ScopeOf())));
    }

    private static Results<Ok<ContainerEntry>, ValidationProblem, ProblemHttpResult> Get(HttpContext context, ContainerDirectory directory, [FromRoute] string id)
        => ApiProblem.Answer(() => TypedResults.Ok(directory.Find(ContainerIds.Check(id), context.ScopeOf()) ?? throw ContainerIds.Unknown(id)));
}

/// <summary>Container ids and names as Docker writes them: <c>[A-Za-z0-9][A-Za-z0-9_.-]*</c>, at most 128 characters.</summary>
public static class ContainerIds
{
    public static string Check(string id)
        => id.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? id
            : throw ApiProblem.Invalid("id", "A container id or name holds letters, digits, '_', '.' and '-' only (at most 128 characters).");

    public static ApiProblemException Unknown(string id) => ApiProblem.NotFound("id", $"No container '{id}' is known: none with that id or name sent a sample within the hot window (or its engine does not know it).");
}
