using Microsoft.Extensions.Options;
using WakeDock.Functions.Api;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Live;
using WakeDock.Functions.Observability;
using WakeDock.Functions.Security;
using WakeDock.Functions.Triggers.Http;
using WakeDock.Functions.Triggers.Queues;
using WakeDock.Functions.Triggers.Timers;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Alerts.Notifications;
using WakeDock.Pipeline.Hosting;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Functions.Hosting;

/// <summary>
/// The wiring of both hosts: the services every function needs (<see cref="AddWakeDockServices"/>), the HTTP endpoints
/// the HTTP-triggered functions answer with (<see cref="MapHttpFunctionEndpoints"/>), and the embedded host around them.
/// </summary>
public static class HostingExtensions
{
    /// <summary>Where the embedded host listens unless <c>--urls</c>, <c>URLS</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:7071";

    /// <summary>The embedded host: the functions' services plus the in-process agent, the timer schedule, the streams.</summary>
    public static WebApplicationBuilder AddWakeDockFunctions(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddSpecEnvironmentVariables();
        // Not in appsettings.json: a "Urls" there would win over ASPNETCORE_URLS, which containers set.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        builder.WebHost.ConfigureKestrel(LoopbackRule.Apply);
        builder.AddWakeDockServices();
        builder.AddEmbeddedAgent();
        builder.Services.AddHostedService<TimerScheduler>();
        builder.Services.AddSingleton(sp => new InProcessNotificationOutbox(sp.GetRequiredService<NotificationFunctions>().DeliverAsync,
            sp.GetRequiredService<IOptions<WakeDockOptions>>(), sp.GetRequiredService<PipelineMetrics>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InProcessNotificationOutbox>>()));
        builder.Services.AddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<InProcessNotificationOutbox>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InProcessNotificationOutbox>());
        return builder;
    }

    /// <summary>What every function needs, under either host: observability, the pipeline, the live feed, the API.</summary>
    public static IHostApplicationBuilder AddWakeDockServices(this IHostApplicationBuilder builder)
    {
        builder.AddWakeDockObservability();
        builder.Services.AddWakeDockPipeline();
        builder.AddWakeDockLive();
        builder.AddWakeDockApi();
        builder.Services.AddSingleton<HttpApi>();
        builder.Services.AddSingleton<IHttpEndpoints>(sp => sp.GetRequiredService<HttpApi>());
        builder.Services.AddSingleton<TimerFunctions>();
        builder.Services.AddSingleton<SampleIngestFunctions>();
        builder.Services.AddSingleton<NotificationFunctions>();
        return builder;
    }

    /// <summary>The HTTP middleware of both hosts, outermost first: request metrics and logs, then the API's.</summary>
    public static IApplicationBuilder UseWakeDockHttpMiddleware(this IApplicationBuilder app)
    {
        // Created now rather than on the first statistics request: its uptime and ingest rate count from the start.
        app.ApplicationServices.GetRequiredService<PipelineStatistics>();
        app.UseWakeDockObservability();
        app.UseWakeDockApiMiddleware();
        return app;
    }

    /// <summary>Every endpoint an HTTP-triggered function answers with (see <see cref="HttpApi"/>).</summary>
    public static IEndpointRouteBuilder MapHttpFunctionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWakeDockApi();
        var metrics = endpoints.MapWakeDockMetrics();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<SecurityOptions>>().Value.ProtectMetrics)
        {
            metrics.RequireAuthorization(WakeDockPolicies.Reader, WakeDockPolicies.Unscoped);
        }

        endpoints.MapWakeDockLive();
        endpoints.MapIngestEndpoints();
        return endpoints;
    }

    /// <summary>The embedded host's endpoints: the HTTP-triggered functions' routes, OpenAPI, the streams, the dashboard, the Dapr cron bindings.</summary>
    public static WebApplication MapWakeDockFunctions(this WebApplication app)
    {
        app.UseWakeDockHttpMiddleware();
        app.MapHttpFunctions();
        app.MapOpenApi();
        app.MapWakeDockStreams();
        app.MapDashboard();
        app.MapTimerEndpoints();
        return app;
    }
}
