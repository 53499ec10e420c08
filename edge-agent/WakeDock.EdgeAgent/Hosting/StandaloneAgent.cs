using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog.Events;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.HostStats;
using WakeDock.EdgeAgent.HttpServer;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.ServiceDefaults;
using WakeDock.ServiceDefaults.Metrics;
using WakeDock.ServiceDefaults.Prometheus;

namespace WakeDock.EdgeAgent.Hosting;

/// <summary>
/// The agent as its own process: a generic host (no ASP.NET Core, for a small footprint) with the
/// agent's services, Serilog on stdout (CLEF JSON unless in Development), OTLP traces when configured, and <see cref="AgentHttpServer"/>.
/// </summary>
public static class StandaloneAgent
{
    /// <summary>The agent's own defaults beside its assembly (not <c>appsettings.json</c>, which the embedding host owns).</summary>
    public const string SettingsFile = "agentsettings.json";

    /// <summary>The <c>service.name</c> of its spans (<c>OTEL_SERVICE_NAME</c> wins).</summary>
    public const string ServiceName = "wakedock-agent";

    private static readonly Dictionary<string, LogEventLevel> DefaultLevels = new(StringComparer.Ordinal) { ["Microsoft"] = LogEventLevel.Warning };

    public static IHost Build(string[] args)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, SettingsFile), optional: true)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);

        // Levels, format and file by hand (LogSettings): no Serilog assembly scanning is paid for at start.
        var development = (builder.Configuration["DOTNET_ENVIRONMENT"] ?? builder.Configuration["ASPNETCORE_ENVIRONMENT"]) == Environments.Development;
        builder.AddWakeDockServiceDefaults(ServiceName, [AgentTracing.SourceName], development, DefaultLevels);
        builder.Services.AddEdgeAgent(builder.Configuration);
        builder.Services.AddSingleton(provider => new MeterPrometheusExporter(
            IsOwnMeter(provider.GetRequiredService<IMeterFactory>()),
            [
                new VolumeSpaceCollector([new WatchedVolume("spool", provider.GetRequiredService<IOptions<AgentOptions>>().Value.DataDirectory)]),
                new NodeExporterCollector(provider.GetRequiredService<HostMonitor>()),
                new CadvisorCollector(provider.GetRequiredService<MonitoredContainers>(), provider.GetRequiredService<HostMonitor>(),
                    provider.GetRequiredService<TimeProvider>()),
            ]));
        builder.Services.AddSingleton<IAgentHttpHandler, AgentHttpSurface>();
        builder.Services.AddHostedService<AgentHttpServer>();
        return builder.Build();
    }

    // this host's agent meter, not that of another agent in the same process
    private static Func<Meter, bool> IsOwnMeter(IMeterFactory factory)
        => meter => ReferenceEquals(meter.Scope, factory) && meter.Name == AgentMetrics.MeterName;

    /// <summary>Runs until stopped; 2 when the Docker socket is missing or not permitted, 1 on invalid settings or addresses it cannot listen on.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        IHost built;
        try
        {
            built = Build(args);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync("wakedock-agent: invalid settings: " + e.Message);
            return 1;
        }

        using var host = built;
        try
        {
            _ = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("wakedock-agent: invalid settings: " + string.Join(" ", e.Failures));
            return 1;
        }

        var docker = host.Services.GetRequiredService<DockerEngineClient>();
        try
        {
            await docker.PingAsync(CancellationToken.None);
        }
        catch (DockerUnavailableException e) when (e.IsConfigurationError)
        {
            await Console.Error.WriteLineAsync("wakedock-agent: " + e.Message);
            return 2;
        }
        catch (Exception e) when (EngineConnectivity.IsOutage(e))
        {
            // The engine may be restarting: the agent starts anyway and waits for it with backoff.
        }

        try
        {
            await host.RunAsync();
        }
        catch (AgentUrlsException e)
        {
            await Console.Error.WriteLineAsync("wakedock-agent: " + e.Message);
            return 1;
        }

        return 0;
    }
}
