using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WakeDock.Functions.Health;
using HealthReport = WakeDock.Functions.Health.HealthReport;

namespace WakeDock.Functions.Api;

/// <summary>Liveness.</summary>
public sealed record LivenessStatus(string Status);

/// <summary>
/// The health endpoints answer from <see cref="HealthCheckService"/>. They are route handlers rather than
/// <c>MapHealthChecks</c>, so that the OpenAPI document describes their answers and the Functions triggers find them by name.
/// </summary>
internal static class HealthApi
{
    /// <summary><c>/health</c>: the process answers. Open to every caller, never rate limited.</summary>
    public static void MapLiveness(this IEndpointRouteBuilder endpoints)
        => endpoints.MapGet("/health", LivenessAsync)
            .WithName("Liveness")
            .WithSummary("Liveness: 200 while the process answers.")
            .WithTags("Health");

    /// <summary><c>/api/health</c>: the detailed checks; 503 when one is unhealthy.</summary>
    public static void MapDetailedHealth(this RouteGroupBuilder api)
        => api.MapGet("/health", CheckAsync)
            .WithName("DetailedHealth")
            .WithSummary("Storage writable, disk free, memory, last ingest age and (embedded) the Docker engine, each with a status; 503 when degraded.")
            .WithTags("Health");

    private static async Task<Results<Ok<LivenessStatus>, JsonHttpResult<LivenessStatus>>> LivenessAsync(HttpContext context, HealthCheckService health)
    {
        var report = await health.CheckHealthAsync(HealthHosting.IsLive, context.RequestAborted);
        return report.Status != HealthStatus.Unhealthy
            ? TypedResults.Ok(new LivenessStatus(HealthLevels.Healthy))
            : TypedResults.Json(new LivenessStatus(HealthLevels.Unhealthy), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(HttpContext context, HealthCheckService health, TimeProvider time)
    {
        var report = HealthReportWriter.Write(await health.CheckHealthAsync(HealthHosting.IsReady, context.RequestAborted), time.GetUtcNow());
        return report.Status == HealthLevels.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
