using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

internal static class AlertsApi
{
    public const double DefaultHours = 24;

    public static readonly ApiParameter[] Selection =
    [
        ApiParameter.Choice<AlertLevel>("level", "Only alerts of this level."),
        ApiParameter.Hours("How many hours back from now (or from `to`); 24 by default.", null),
        ApiParameter.Time("from", "Start of an absolute window, RFC 3339 (beyond the spec; not with hours)."),
        ApiParameter.Time("to", "End of the window, RFC 3339; now by default (beyond the spec)."),
        ApiParameter.Text("container_id", "Only alerts about this container (beyond the spec)."),
        ApiParameter.Text("service_name", "Only alerts about this service (beyond the spec)."),
        ApiParameter.Text("host", "Only alerts about this host (beyond the spec)."),
        ApiParameter.Choice("state", "Raised records (firing, the default, as in the spec), resolutions (resolved), or both (all); a level only ever selects raised records.", "firing", "resolved", "all") with { Default = "firing" },
        ApiParameter.Choice<MetricType>("metric_type", "Only alerts about this metric (beyond the spec)."),
    ];

    private static readonly ApiParameters Parameters = new(
    [
        .. Selection,
        ApiParameter.Boolean("grouped", "One record per container and metric — the newest — with occurrences (its episodes in the window), first_timestamp and last_timestamp (beyond the spec).", false),
        ApiParameter.WholeNumber("limit", "The most alert records returned, newest first.", MetricsPlanner.DefaultLimit, 1, MetricsPlanner.MaxLimit),
    ]);

    public static void MapAlerts(this RouteGroupBuilder api)
        => api.MapGet("/alerts", GetAsync)
            .WithName("GetAlerts")
            .WithSummary("Alert records in the spec's shape (plus host, id and state), newest first.")
            .WithMetadata(Parameters);

    /// <summary>The alert query of a query string (shared with the export).</summary>
    public static AlertQuery Plan(ApiQuery query, IOptions<WakeDockOptions> options, TimeProvider time, int limit)
    {
        var window = QueryWindow.Resolve(query.Number("hours"), query.Time("from"), query.Time("to"), DefaultHours,
            (options.Value.Retention.AlertsDays, "WAKEDOCK_ALERTS_RETENTION_DAYS"), time.GetUtcNow());
        return new AlertQuery
        {
            Level = query.Choice<AlertLevel>("level"),
            From = window.From,
            To = window.To,
            Limit = limit,
            ContainerId = query.Text("container_id"),
            ServiceName = query.Text("service_name"),
            Host = query.Text("host"),
            State = query.Choice("state") switch
            {
                "resolved" => AlertState.Resolved,
                "all" => null,
                _ => AlertState.Firing,
            },
            MetricType = query.Choice<MetricType>("metric_type"),
        };
    }

    private static async Task<Ok<IReadOnlyList<Alert>>> GetAsync(HttpContext context, AlertQueries alerts, IOptions<WakeDockOptions> options, TimeProvider time)
    {
        var query = ApiQuery.Of(context);
        var plan = Plan(query, options, time, query.WholeNumber("limit")) with { Grouped = query.Boolean("grouped"), Scope = context.ScopeOf() };
        return TypedResults.Ok(await alerts.QueryAsync(plan, context.RequestAborted));
    }
}
