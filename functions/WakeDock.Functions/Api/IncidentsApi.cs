using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
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

/// <summary>How many incidents <c>/incidents</c> lists.</summary>
public sealed record IncidentListing
{
    public const int DefaultLimit = 100;

    [FromQuery(Name = "limit"), DefaultValue(DefaultLimit), Range(1, MetricsPlanner.MaxLimit), Description("The most incidents returned, newest first.")]
    public int? Limit { get; init; }
}

internal static class IncidentsApi
{
    public static void MapIncidents(this RouteGroupBuilder api)
        => api.MapGet("/incidents", GetAsync)
            .WithName("GetIncidents")
            .WithSummary("Raised alerts grouped into incidents: one service or host, each alert within a minute (WakeDock:Alerts:Anomalies:IncidentWindow) of the previous one (beyond the spec).");

    private static Task<Results<Ok<IncidentList>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [AsParameters] AlertSelection selection, [AsParameters] IncidentListing listing, HttpContext context, AlertQueries alerts, IOptions<WakeDockOptions> options, TimeProvider time)
        => ApiProblem.AnswerAsync(async () =>
        {
            var plan = AlertsApi.Plan(selection, options, time, MetricsPlanner.MaxLimit) with { Scope = context.ScopeOf() };
            var raised = await alerts.QueryAsync(plan, context.RequestAborted);
            var incidents = Incidents.Group(raised, options.Value.Alerts.Anomalies.IncidentWindow)
                .Take(listing.Limit ?? IncidentListing.DefaultLimit)
                .Select(i => new IncidentEntry(i.Key, i.Started, i.LastRaised, i.Level, i.Members.Count, i.Members))
                .ToList();
            return TypedResults.Ok(new IncidentList(incidents));
        });
}
