using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

/// <summary>Which alert records a query selects (alerts, incidents, the alert export).</summary>
public sealed record AlertSelection
{
    [FromQuery(Name = "level"), Description("Only alerts of this level."), WireNames<AlertLevel>]
    public string? Level { get; init; }

    [FromQuery(Name = "hours"), Description("How many hours back from now (or from `to`); 24 by default."), Range(0d, double.MaxValue, MinimumIsExclusive = true)]
    public double? Hours { get; init; }

    [FromQuery(Name = "from"), Description("Start of an absolute window, RFC 3339 (beyond the spec; not with hours).")]
    public DateTimeOffset? From { get; init; }

    [FromQuery(Name = "to"), Description("End of the window, RFC 3339; now by default (beyond the spec).")]
    public DateTimeOffset? To { get; init; }

    [FromQuery(Name = "container_id"), Description("Only alerts about this container (beyond the spec).")]
    public string? ContainerId { get; init; }

    [FromQuery(Name = "service_name"), Description("Only alerts about this service (beyond the spec).")]
    public string? ServiceName { get; init; }

    [FromQuery(Name = "host"), Description("Only alerts about this host (beyond the spec).")]
    public string? Host { get; init; }

    [FromQuery(Name = "state"), DefaultValue("firing"), AllowedValues("firing", "resolved", "all"),
     Description("Raised records (firing, the default, as in the spec), resolutions (resolved), or both (all); a level only ever selects raised records.")]
    public string? State { get; init; }

    [FromQuery(Name = "metric_type"), Description("Only alerts about this metric (beyond the spec)."), WireNames<MetricType>]
    public string? MetricType { get; init; }
}

/// <summary>How <c>/alerts</c> lists the selected records.</summary>
public sealed record AlertListing
{
    [FromQuery(Name = "grouped"), DefaultValue(false),
     Description("One record per container and metric — the newest — with occurrences (its episodes in the window), first_timestamp and last_timestamp (beyond the spec).")]
    public bool? Grouped { get; init; }

    [FromQuery(Name = "limit"), DefaultValue(MetricsPlanner.DefaultLimit), Range(1, MetricsPlanner.MaxLimit), Description("The most alert records returned, newest first.")]
    public int? Limit { get; init; }
}

internal static class AlertsApi
{
    public const double DefaultHours = 24;

    public static void MapAlerts(this RouteGroupBuilder api)
        => api.MapGet("/alerts", GetAsync)
            .WithName("GetAlerts")
            .WithSummary("Alert records in the spec's shape (plus host, id and state), newest first.");

    /// <summary>The alert query of a selection (shared with incidents and the export).</summary>
    public static AlertQuery Plan(AlertSelection selection, IOptions<WakeDockOptions> options, TimeProvider time, int limit)
    {
        var window = QueryWindow.Resolve(selection.Hours, selection.From, selection.To, DefaultHours,
            (options.Value.Retention.AlertsDays, "WAKEDOCK_ALERTS_RETENTION_DAYS"), time.GetUtcNow());
        return new AlertQuery
        {
            Level = selection.Level is { } level ? WireNameParameter.Parse<AlertLevel>("level", level) : null,
            From = window.From,
            To = window.To,
            Limit = limit,
            ContainerId = selection.ContainerId,
            ServiceName = selection.ServiceName,
            Host = selection.Host,
            State = selection.State switch
            {
                "resolved" => AlertState.Resolved,
                "all" => null,
                _ => AlertState.Firing,
            },
            MetricType = selection.MetricType is { } metric ? WireNameParameter.Parse<MetricType>("metric_type", metric) : null,
        };
    }

    private static Task<Results<Ok<IReadOnlyList<Alert>>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [AsParameters] AlertSelection selection, [AsParameters] AlertListing listing, HttpContext context, AlertQueries alerts, IOptions<WakeDockOptions> options, TimeProvider time)
        => ApiProblem.AnswerAsync(async () =>
        {
            var plan = Plan(selection, options, time, listing.Limit ?? MetricsPlanner.DefaultLimit) with { Grouped = listing.Grouped ?? false, Scope = context.ScopeOf() };
            return TypedResults.Ok(await alerts.QueryAsync(plan, context.RequestAborted));
        });
}
