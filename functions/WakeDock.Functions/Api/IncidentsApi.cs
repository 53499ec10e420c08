using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Predictions;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

/// <summary>
/// An incident: raised alerts of one service (or, without one, one host) each within the incident window of the
/// previous one — its subject, first and last alert, highest level, and its members, newest incident first.
/// </summary>
public sealed record IncidentEntry(string Subject, DateTimeOffset Started, DateTimeOffset LastRaised, AlertLevel Level, int Count, IReadOnlyList<Alert> Members);

public sealed record IncidentList(IReadOnlyList<IncidentEntry> Incidents);

internal static class IncidentsApi
{
    private static readonly ApiParameters Parameters = new(
    [
        .. AlertsApi.Selection,
        ApiParameter.WholeNumber("limit", "The most incidents returned, newest first.", 100, 1, MetricsPlanner.MaxLimit),
    ]);

    public static void MapIncidents(this RouteGroupBuilder api)
        => api.MapGet("/incidents", GetAsync)
            .WithName("GetIncidents")
            .WithSummary("Raised alerts grouped into incidents: one service or host, each alert within a minute (WakeDock:Alerts:Anomalies:IncidentWindow) of the previous one (beyond the spec).")
            .WithMetadata(Parameters);

    private static async Task<Ok<IncidentList>> GetAsync(HttpContext context, AlertQueries alerts, IOptions<WakeDockOptions> options, TimeProvider time)
    {
        var query = ApiQuery.Of(context);
        var plan = AlertsApi.Plan(query, options, time, MetricsPlanner.MaxLimit) with { Scope = context.ScopeOf() };
        var raised = await alerts.QueryAsync(plan, context.RequestAborted);
        var incidents = Incidents.Group(raised, options.Value.Alerts.Anomalies.IncidentWindow)
            .Take(query.WholeNumber("limit"))
            .Select(i => new IncidentEntry(i.Key, i.Started, i.LastRaised, i.Level, i.Members.Count, i.Members))
            .ToList();
        return TypedResults.Ok(new IncidentList(incidents));
    }
}
