namespace WakeDock.Functions.Hosting;

internal static class HealthEndpoints
{
    /// <summary>Liveness: the process answers. Readiness details come with the API.</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
        => endpoints.MapGet("/health", () => TypedResults.Ok(new HealthStatus("healthy")))
            .WithName("Liveness");

    internal sealed record HealthStatus(string Status);
}
