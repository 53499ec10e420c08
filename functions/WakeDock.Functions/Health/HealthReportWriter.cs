using Microsoft.Extensions.Diagnostics.HealthChecks;
using FrameworkReport = Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport;

namespace WakeDock.Functions.Health;

/// <summary>
/// The framework's report in the 003 document's words: each service's record as its check left it, the whole
/// <c>degraded</c> when one is unhealthy (a warning, the framework's <see cref="HealthStatus.Degraded"/>, leaves it <c>healthy</c>).
/// </summary>
public static class HealthReportWriter
{
    public static HealthReport Write(FrameworkReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        var services = new HealthChecks(
            Required<StorageCheck>(report, StorageHealthCheck.Name),
            Required<DiskCheck>(report, DiskHealthCheck.Name),
            Required<MemoryCheck>(report, MemoryHealthCheck.Name),
            Required<IngestCheck>(report, IngestHealthCheck.Name),
            Optional<DockerCheck>(report, DockerHealthCheck.Name));
        var degraded = report.Entries.Values.Any(e => e.Status == HealthStatus.Unhealthy);
        return new HealthReport(degraded ? HealthLevels.Degraded : HealthLevels.Healthy, now,
            Math.Round((now - HealthLevels.ProcessStarted).TotalSeconds, 1), services);
    }

    private static T Required<T>(FrameworkReport report, string name) where T : class
        => Optional<T>(report, name) ?? throw new InvalidOperationException(
            report.Entries.TryGetValue(name, out var entry) ? $"The {name} health check failed: {entry.Description}" : $"No {name} health check is registered.",
            report.Entries.TryGetValue(name, out var failed) ? failed.Exception : null);

    private static T? Optional<T>(FrameworkReport report, string name) where T : class
        => report.Entries.TryGetValue(name, out var entry) && entry.Data.TryGetValue(ServiceCheckResult.DataKey, out var check) ? (T)check : null;
}
