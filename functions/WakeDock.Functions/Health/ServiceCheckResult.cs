using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WakeDock.Functions.Health;

/// <summary>
/// A service's check as the framework's <see cref="HealthCheckResult"/>: <c>warning</c> is <see cref="HealthStatus.Degraded"/>,
/// and the check's record rides in the result's data, whence <see cref="HealthReportWriter"/> reads it back.
/// </summary>
internal static class ServiceCheckResult
{
    public const string DataKey = "check";

    public static HealthCheckResult Of(IServiceCheck check, string? detail)
        => new(StatusOf(check.Status), detail, exception: null, new Dictionary<string, object> { [DataKey] = check });

    public static HealthStatus StatusOf(string status) => status switch
    {
        HealthLevels.Healthy => HealthStatus.Healthy,
        HealthLevels.Warning => HealthStatus.Degraded,
        _ => HealthStatus.Unhealthy,
    };
}
