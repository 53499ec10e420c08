using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog.Settings.Configuration;
using Serilog;
using WakeDock.ServiceDefaults.Prometheus;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.ServiceDefaults;
using WakeDock.ServiceDefaults.Metrics;
using WakeDock.ServiceDefaults.Tracing;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Observability;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Functions.Observability;

/// <summary>
/// The observability of the functions host: Serilog (CLEF JSON on stdout, or readable in Development,
/// optional rolling file, secrets masked, trace ids on every line), the Prometheus exporter behind
/// <c>/metrics</c> (the pipeline's and the embedded agent's meters, the .NET runtime's, HTTP requests,
/// monitored containers in cAdvisor's terms, free disk space), request logging, OTLP traces when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and Application Insights request and dependency telemetry when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set.
/// </summary>
public static class ObservabilityExtensions
{
    /// <summary>The .NET runtime's built-in meter (GC, threads, working set, CPU time).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// The meters exported: not ASP.NET Core's and Kestrel's own (they would time every request a second
    /// time; <see cref="HttpRequestMetrics"/> does that once, allocation-free).
    /// </summary>
    private static readonly HashSet<string> OwnMeters = new(StringComparer.Ordinal) { PipelineMetrics.MeterName, AgentMetrics.MeterName };

    /// <summary>ASP.NET Core's own activity source: one span per request.</summary>
    public const string AspNetCoreSourceName = "Microsoft.AspNetCore";

    /// <summary>Unless the Serilog section says otherwise: ASP.NET Core's per-request chatter stays out (the request log line says it once).</summary>
    private static readonly Dictionary<string, Serilog.Events.LogEventLevel> DefaultLevels = new(StringComparer.Ordinal)
    {
        ["Microsoft.AspNetCore"] = Serilog.Events.LogEventLevel.Warning,
    };

    public static IHostApplicationBuilder AddWakeDockObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        // Under the Functions host its own provider carries the logs to the host (RpcLog): Serilog writes to it there.
        if (!HostMode.IsWorker(configuration))
        {
            builder.Logging.ClearProviders();
        }

        var embedded = HostMode.HasEmbeddedAgent(configuration);
        string[] sources = embedded ? [PipelineTracing.SourceName, AgentTracing.SourceName, AspNetCoreSourceName] : [PipelineTracing.SourceName, AspNetCoreSourceName];
        // The Serilog section may add sinks or enrichers of its own; the assemblies are named so that none are scanned for.
        var reader = new ConfigurationReaderOptions(typeof(ConsoleLoggerConfigurationExtensions).Assembly, typeof(FileLoggerConfigurationExtensions).Assembly);
        builder.AddWakeDockServiceDefaults(ServiceName, sources, builder.Environment.IsDevelopment(), DefaultLevels,
            logger => logger.ReadFrom.Configuration(configuration, reader));

        var services = builder.Services;
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section)
            .Validate(o => o.MetricsPath.StartsWith('/'), $"{ObservabilityOptions.Section}:MetricsPath must start with '/'.")
            .Validate(o => o.ContainerStaleAfter > TimeSpan.Zero, $"{ObservabilityOptions.Section}:ContainerStaleAfter must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<HttpRequestMetrics>();
        services.TryAddSingleton<StreamMetrics>();
        services.TryAddSingleton<CadvisorContainerCollector>();
        services.TryAddSingleton(sp => new VolumeSpaceCollector(WatchedVolumes(sp, configuration)));
        services.TryAddSingleton(CreateExporter);
        if (AzureMonitorExport.IsConfigured(configuration))
        {
            // right after the OTLP export, before the services whose spans it sends
            services.Insert(1, ServiceDescriptor.Singleton<IHostedService>(sp => new AzureMonitorExport(configuration,
                configuration[OtlpTracing.ServiceNameVariable] is { Length: > 0 } name ? name : ServiceName(sp), sources)));
        }

        return builder;
    }

    /// <summary>Request metrics and logging; call it first, so that it wraps every other middleware.</summary>
    public static IApplicationBuilder UseWakeDockObservability(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // the exporter listens from now on: a counter's measurements before its listener exist are lost
        app.ApplicationServices.GetRequiredService<MeterPrometheusExporter>();
        app.ApplicationServices.GetRequiredService<StreamMetrics>();
        return app.UseMiddleware<RequestObservability>();
    }

    private static string ServiceName(IServiceProvider services) => services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.ServiceName;

    private static MeterPrometheusExporter CreateExporter(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        var collectors = new List<IPrometheusCollector> { services.GetRequiredService<HttpRequestMetrics>(), services.GetRequiredService<VolumeSpaceCollector>() };
        if (services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.ContainerMetrics)
        {
            collectors.Add(services.GetRequiredService<CadvisorContainerCollector>());
        }

        // this host's meters (the pipeline's, and the agent's when it is embedded), not another host's in the same process
        return new MeterPrometheusExporter(meter => (ReferenceEquals(meter.Scope, factory) && OwnMeters.Contains(meter.Name)) || meter.Name == RuntimeMeterName, collectors);
    }

    private static IEnumerable<WatchedVolume> WatchedVolumes(IServiceProvider services, IConfiguration configuration)
    {
        var storage = services.GetRequiredService<IOptions<WakeDockOptions>>().Value.Storage;
        if (storage.Kind == StorageKind.Local)
        {
            yield return new WatchedVolume("storage", storage.Path);
        }

        if (HostMode.HasEmbeddedAgent(configuration))
        {
            yield return new WatchedVolume("spool", services.GetRequiredService<IOptions<AgentOptions>>().Value.DataDirectory);
        }
    }
}
