using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;
using WakeDock.ServiceDefaults.Logging;
using WakeDock.ServiceDefaults.Tracing;

namespace WakeDock.ServiceDefaults;

/// <summary>What a WakeDock deployable's host starts with, whatever else it serves.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Serilog (<see cref="SerilogHosting.AddWakeDockSerilog"/>: CLEF or readable lines, optional rolling file, secrets masked,
    /// trace ids), the <see cref="System.Diagnostics.Metrics.IMeterFactory"/> that meters and the Prometheus exporter share,
    /// and OTLP traces of <paramref name="activitySources"/> when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
    /// (<see cref="TracingHosting.AddWakeDockTracing"/>), named <paramref name="serviceName"/> unless <c>OTEL_SERVICE_NAME</c> says otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddWakeDockServiceDefaults(this IHostApplicationBuilder builder, string serviceName,
        IReadOnlyList<string> activitySources, bool development, IReadOnlyDictionary<string, LogEventLevel> defaultLevels)
        => builder.AddWakeDockServiceDefaults(_ => serviceName, activitySources, development, defaultLevels);

    /// <summary>
    /// The same, for a host whose service name is a setting read once it is built, and whose <c>Serilog</c> section may add
    /// sinks or enrichers (<paramref name="configureLogging"/> runs before the settings' levels and sinks).
    /// </summary>
    public static IHostApplicationBuilder AddWakeDockServiceDefaults(this IHostApplicationBuilder builder, Func<IServiceProvider, string> serviceName,
        IReadOnlyList<string> activitySources, bool development, IReadOnlyDictionary<string, LogEventLevel> defaultLevels,
        Action<LoggerConfiguration>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddWakeDockSerilog(development, defaultLevels, configureLogging);
        builder.Services.AddMetrics();
        return builder.AddWakeDockTracing(serviceName, activitySources);
    }
}
