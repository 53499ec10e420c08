using Serilog;
using WakeDock.Functions.Api;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Options;

namespace WakeDock.Functions.Hosting;

/// <summary>The wiring of the functions host: services, then endpoints.</summary>
public static class HostingExtensions
{
    /// <summary>Where the host listens unless <c>--urls</c>, <c>URLS</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:7071";

    public static WebApplicationBuilder AddWakeDockFunctions(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddSpecEnvironmentVariables();
        // Not in appsettings.json: a "Urls" there would win over ASPNETCORE_URLS, which containers set.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        builder.AddSerilogLogging();
        builder.Services.AddWakeDockPipeline();
        builder.AddEmbeddedAgent();
        builder.AddWakeDockApi();
        return builder;
    }

    public static WebApplication MapWakeDockFunctions(this WebApplication app)
    {
        app.MapWakeDockApi();
        app.MapDashboardPlaceholder();
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
