using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using WakeDock.Contracts.Telemetry;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Hosting;

/// <summary>
/// The agent as its own process: a generic host (no ASP.NET Core, for a small footprint) with the
/// agent's services, Serilog on stderr, and <see cref="AgentHttpServer"/>.
/// </summary>
public static class StandaloneAgent
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        builder.Configuration
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);

        // Serilog:MinimumLevel (Verbose … Fatal); read by hand so that no assembly scanning is paid for at start.
        var level = Enum.TryParse<LogEventLevel>(builder.Configuration["Serilog:MinimumLevel"], ignoreCase: true, out var configured) ? configured : LogEventLevel.Information;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
        builder.Logging.AddSerilog(logger, dispose: true);

        builder.Services.AddEdgeAgent(builder.Configuration);
        builder.Services.AddSingleton(_ => new MeterPrometheusExporter([Diagnostics.AgentMetrics.MeterName]));
        builder.Services.AddSingleton<AgentHttpSurface>();
        builder.Services.AddHostedService<AgentHttpServer>();
        return builder.Build();
    }

    /// <summary>Runs until stopped; 2 when the Docker socket is missing or not permitted, 1 on invalid settings.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var host = Build(args);
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
        catch (Exception e) when (Collection.EngineConnectivity.IsOutage(e))
        {
            // The engine may be restarting: the agent starts anyway and waits for it with backoff.
        }

        await host.RunAsync();
        return 0;
    }
}
