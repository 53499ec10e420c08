using Microsoft.AspNetCore.Http.HttpResults;

namespace WakeDock.Functions.Api;

/// <summary>Liveness.</summary>
public sealed record LivenessStatus(string Status);

internal static class HealthApi
{
    /// <summary><c>/health</c>: the process answers. Open to every caller, never rate limited.</summary>
    public static void MapLiveness(this IEndpointRouteBuilder endpoints)
        => endpoints.MapGet("/health", () => TypedResults.Ok(new LivenessStatus(HealthProbe.Healthy)))
            .WithName("Liveness")
            .WithSummary("Liveness: 200 while the process answers.")
            .WithTags("Health");

    /// <summary><c>/api/health</c>: the detailed checks; 503 when one is unhealthy.</summary>
    public static void MapDetailedHealth(this RouteGroupBuilder api)
        => api.MapGet("/health", CheckAsync)
            .WithName("DetailedHealth")
            .WithSummary("Storage writable, disk free, memory, last ingest age and (embedded) the Docker engine, each with a status; 503 when degraded.")
            .WithTags("Health");

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(HttpContext context, HealthProbe probe)
    {
        var report = await probe.CheckAsync(context.RequestAborted);
        return report.Status == HealthProbe.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
