using WakeDock.Functions.Embedded;
using WakeDock.Functions.Observability;
using WakeDock.Functions.Options;

namespace WakeDock.Functions.Hosting;

/// <summary>The wiring of the functions host: services, then endpoints.</summary>
public static class HostingExtensions
{
    public static WebApplicationBuilder AddWakeDockFunctions(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddSpecEnvironmentVariables();
        builder.AddWakeDockObservability();
        builder.Services.AddWakeDockPipeline();
        builder.AddEmbeddedAgent();
        return builder;
    }

    public static WebApplication MapWakeDockFunctions(this WebApplication app)
    {
        app.UseWakeDockObservability();
        app.MapHealthEndpoints();
        app.MapWakeDockMetrics();
        app.MapDashboardPlaceholder();
        app.MapWakeDockTriggers();
        return app;
    }
}
