using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WakeDock.Functions.Health;

/// <summary>
/// The checks of <c>/api/health</c> as ASP.NET Core health checks, each tagged <see cref="Ready"/>. None is tagged
/// <see cref="Live"/>: liveness (<c>/health</c>) is the process answering, whatever storage or ingest say.
/// </summary>
public static class HealthHosting
{
    public const string Live = "live";
    public const string Ready = "ready";

    public static IServiceCollection AddWakeDockHealthChecks(this IServiceCollection services)
    {
        // singletons: the storage and Docker checks keep their last probe for HealthOptions.ProbeCacheTtl
        services.AddSingleton<StorageHealthCheck>();
        services.AddSingleton<DiskHealthCheck>();
        services.AddSingleton<MemoryHealthCheck>();
        services.AddSingleton<IngestHealthCheck>();
        services.AddSingleton<DockerHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>(StorageHealthCheck.Name, tags: [Ready])
            .AddCheck<DiskHealthCheck>(DiskHealthCheck.Name, tags: [Ready])
            .AddCheck<MemoryHealthCheck>(MemoryHealthCheck.Name, tags: [Ready])
            .AddCheck<IngestHealthCheck>(IngestHealthCheck.Name, tags: [Ready])
            .AddCheck<DockerHealthCheck>(DockerHealthCheck.Name, tags: [Ready]);
        return services;
    }

    public static bool IsLive(HealthCheckRegistration registration) => registration.Tags.Contains(Live);

    public static bool IsReady(HealthCheckRegistration registration) => registration.Tags.Contains(Ready);
}
