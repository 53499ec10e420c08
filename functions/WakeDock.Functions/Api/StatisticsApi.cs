using Microsoft.AspNetCore.Http.HttpResults;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

/// <summary>
/// The spec's health indicators — collection success rate, mean request latency, alerts per hour, the collector's
/// memory — and the pipeline's counts behind them; the embedded agent's spool when there is one.
/// </summary>
public sealed record StatisticsResponse(
    DateTimeOffset Timestamp,
    double UptimeSeconds,
    double SuccessRate,
    double IngestSamplesPerSecond,
    long SamplesTotal,
    long BatchesTotal,
    long Duplicates,
    long Retries,
    long Dropped,
    long DeadLetters,
    double AverageIngestLatencyMs,
    double AverageIngestLagSeconds,
    long ApiRequestsTotal,
    double AverageApiLatencyMs,
    long ApiRateLimitedTotal,
    long AlertsTotal,
    double AlertsPerHour,
    int OpenAlerts,
    int MonitoredContainers,
    long MemoryWorkingSetBytes,
    long ManagedHeapBytes,
    AgentStatistics? Agent,
    long CollectionReadsAttempted,
    long CollectionReadsFailed,
    double IngestSuccessRate);

/// <summary>The embedded agent's spool and drops.</summary>
public sealed record AgentStatistics(string Host, DateTimeOffset? LastCollection, int SpoolDepth, long SpoolBytes, long BatchesDropped);

internal static class StatisticsApi
{
    public static void MapStatistics(this RouteGroupBuilder api)
        => api.MapGet("/statistics", Get)
            .WithName("GetStatistics")
            .WithSummary("Collection success rate, ingest and request latency, alerts per hour, memory of the collector.")
            .RequireAuthorization(WakeDockPolicies.Unscoped);

    private static Ok<StatisticsResponse> Get(HttpContext context, PipelineStatistics pipeline, ApiRequestStatistics requests, MonitoringStatusReader status)
    {
        var s = pipeline.Snapshot();
        var agent = status.Agent is { } a ? new AgentStatistics(a.Host, a.LastCollection, a.SpoolDepth, a.SpoolBytes, a.BatchesDropped) : null;
        return TypedResults.Ok(new StatisticsResponse(
            s.Timestamp, Math.Round(s.Uptime.TotalSeconds, 1), s.SuccessRate, s.IngestSamplesPerSecond, s.SamplesTotal, s.BatchesTotal, s.Duplicates,
            s.Retries, s.Dropped, s.DeadLetters, s.AverageIngestLatencyMs, s.AverageIngestLagSeconds,
            requests.Requests, Math.Round(requests.AverageMilliseconds, 3), requests.RateLimited,
            s.AlertsTotal, s.AlertsPerHour, s.OpenAlerts, s.MonitoredContainers, s.MemoryWorkingSetBytes, s.ManagedHeapBytes, agent,
            s.ReadsAttempted, s.ReadsFailed, s.IngestSuccessRate));
    }
}
