using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace WakeDock.ServiceDefaults.Logging;

/// <summary>Serilog as the logging of the agent's and the functions' hosts, through Serilog.Extensions.Hosting.</summary>
public static class SerilogHosting
{
    /// <summary>
    /// Reads <see cref="LogSettings"/> now (an invalid setting fails the build of the host, naming it) and makes Serilog
    /// the host's <see cref="ILoggerFactory"/>: <paramref name="configure"/> first (e.g. the <c>Serilog</c> section), then
    /// the settings' levels, enrichers and sinks. The static <see cref="Log.Logger"/> is left alone (several hosts may share
    /// a process), the logger is flushed and disposed with the host, and the <see cref="ILoggerProvider"/>s still registered
    /// (the Functions worker's, a test's) receive every event Serilog lets through (<see cref="ProviderSink"/>).
    /// </summary>
    public static IHostApplicationBuilder AddWakeDockSerilog(this IHostApplicationBuilder builder, bool development,
        IReadOnlyDictionary<string, LogEventLevel> defaultLevels, Action<LoggerConfiguration>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = LogSettings.Read(builder.Configuration, development, defaultLevels);
        builder.Services.AddSerilog((services, logger) =>
        {
            configure?.Invoke(logger);
            settings.Apply(logger).WriteTo.Sink(new ProviderSink([.. services.GetServices<ILoggerProvider>()]));
        }, preserveStaticLogger: true);
        return builder;
    }
}
