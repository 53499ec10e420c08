using Microsoft.Extensions.Options;
using Serilog;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Hosting;

/// <summary>The agent as its own process: the agent services, Serilog, and the small HTTP surface on 127.0.0.1:7072 by default.</summary>
public static class StandaloneAgent
{
    public const string DefaultUrls = "http://127.0.0.1:7072";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);

        builder.Services.AddEdgeAgent(builder.Configuration);
        var app = builder.Build();
        app.MapEdgeAgentEndpoints();
        return app;
    }

    /// <summary>Runs until stopped; 2 when the Docker socket is missing or not permitted, 1 on invalid settings.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
            _ = app.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("wakedock-agent: invalid settings: " + string.Join(" ", e.Failures));
            return 1;
        }

        await using (app)
        {
            var docker = app.Services.GetRequiredService<DockerEngineClient>();
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

            await app.RunAsync();
            return 0;
        }
    }
}
