using Microsoft.Extensions.Options;
using WakeDock.Functions.Api;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Live;
using WakeDock.Pipeline.Live;
using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Observability;
using WakeDock.Pipeline.Options;
using WakeDock.Functions.Security;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Hosting;

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

        builder.AddWakeDockObservability();
        builder.Services.AddWakeDockPipeline();
        builder.AddEmbeddedAgent();
        builder.AddWakeDockLive();
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

        app.MapWakeDockLive();
        app.MapDashboard();
        app.MapIngestEndpoints();
        app.MapTimerEndpoints();
        return app;
    }
}
