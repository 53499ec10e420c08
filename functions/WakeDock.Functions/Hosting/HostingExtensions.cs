using Serilog;
using WakeDock.Functions.Api;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Live;
using WakeDock.Functions.Options;

namespace WakeDock.Functions.Hosting;

/// <summary>The wiring of the functions host: services, then endpoints.</summary>
public static class HostingExtensions
{
    public static WebApplicationBuilder AddWakeDockFunctions(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddSpecEnvironmentVariables();
        builder.AddSerilogLogging();
        builder.Services.AddWakeDockPipeline();
        builder.AddEmbeddedAgent();
        builder.AddWakeDockLive();
        builder.AddWakeDockApi();
        return builder;
    }

    public static WebApplication MapWakeDockFunctions(this WebApplication app)
    {
        app.MapWakeDockApi();
        app.MapWakeDockLive();
        app.MapDashboard();
        app.MapWakeDockTriggers();
        return app;
    }

    private static void AddSerilogLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
    }
}
