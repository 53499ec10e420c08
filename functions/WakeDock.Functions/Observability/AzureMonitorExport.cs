using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace WakeDock.Functions.Observability;

/// <summary>
/// Sends the host's spans to Application Insights through Azure.Monitor.OpenTelemetry.Exporter when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set: server spans (the requests) become request
/// telemetry, client spans (outgoing HTTP calls, <c>System.Net.Http</c>) dependency telemetry. A tracer
/// provider of its own beside the OTLP one, so that either export works without the other; flushed and
/// disposed with the host. The exporter's other options (<c>TracesPerSecond</c>, 5 by default, <c>SamplingRatio</c>,
/// <c>StorageDirectory</c>, <c>DisableOfflineStorage</c>, <c>EnableLiveMetrics</c>, off here) come from <see cref="Section"/>.
/// </summary>
public sealed class AzureMonitorExport(IConfiguration configuration, string serviceName, IReadOnlyList<string> sources) : IHostedService, IDisposable
{
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string Section = ObservabilityOptions.Section + ":AzureMonitor";

    /// <summary>HttpClient's activity source: outgoing calls, the dependencies of Application Insights.</summary>
    public const string HttpClientSourceName = "System.Net.Http";

    private TracerProvider? _provider;

    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[ConnectionStringVariable]);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _provider ??= Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName, serviceVersion: typeof(AzureMonitorExport).Assembly.GetName().Version?.ToString()))
            .AddSource([.. sources, HttpClientSourceName])
            .AddAzureMonitorTraceExporter(options =>
            {
                // Live Metrics is a second, always-on connection: asked for, not assumed
                options.EnableLiveMetrics = false;
                configuration.GetSection(Section).Bind(options);
                options.ConnectionString = configuration[ConnectionStringVariable];
            })
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider?.ForceFlush(5000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();
}
