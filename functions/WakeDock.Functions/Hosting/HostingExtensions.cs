using Microsoft.Extensions.Options;
using WakeDock.Functions.Api;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Observability;
using WakeDock.Functions.Options;
using WakeDock.Functions.Security;

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
        builder.AddWakeDockApi();
        return builder;
    }

    public static WebApplication MapWakeDockFunctions(this WebApplication app)
    {
        // outermost: requests refused by the API's security or failed in its exception handler are counted and logged too
        app.UseWakeDockObservability();
        app.MapWakeDockApi();
        var metrics = app.MapWakeDockMetrics();
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.ProtectMetrics)
        {
            metrics.RequireAuthorization(WakeDockPolicies.Reader);
        }

        app.MapDashboardPlaceholder();
        app.MapWakeDockTriggers();
        return app;
    }
}
