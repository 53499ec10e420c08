using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Health;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Api;

/// <summary>The HTTP query API: its services (<see cref="AddWakeDockApi"/>, after the pipeline's) and its middleware and endpoints (<see cref="MapWakeDockApi"/>).</summary>
public static class ApiHosting
{
    public static IHostApplicationBuilder AddWakeDockApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddWakeDockSecurity();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .Validate(o => o.MaxRequestBodyBytes >= 1024 && o.MaxAgentResponseBytes >= 64 * 1024 && o.SidecarTimeout > TimeSpan.Zero,
                "WakeDock:Api: MaxRequestBodyBytes must be at least 1024, MaxAgentResponseBytes at least 65536, SidecarTimeout positive.")
            .ValidateOnStart();
        services.AddOptions<DaprOptions>().BindConfiguration(DaprOptions.Section)
            .Validate(o => DaprSidecar.LoopbackNames.Contains(o.SidecarHost) && o.HttpPort is > 0 and < 65536 && o.GrpcPort is > 0 and < 65536,
                "WakeDock:Dapr: SidecarHost must be a loopback name (localhost, 127.0.0.1, ::1), HttpPort (DAPR_HTTP_PORT) and GrpcPort (DAPR_GRPC_PORT) ports: the host only ever calls its own sidecar.")
            .ValidateOnStart();

        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(ApiJsonContext.Configure);
        services.AddOpenApi(ApiOpenApi.Configure);

        services.TryAddSingleton<IStreamConnections, NoStreamConnections>();
        services.AddSingleton<ApiRequestStatistics>();
        services.AddSingleton<MonitoringStatusReader>();
        services.AddSingleton<MetricsPlanner>();
        services.AddSingleton<MetricsAnswerCache>();
        services.AddSingleton<ContainerDirectory>();
        services.AddSingleton<HostDirectory>();
        services.AddWakeDockHealthChecks();
        services.AddSingleton<DashboardHealth>();
        services.AddDaprClient((provider, dapr) => DaprSidecar.Configure(dapr,
            provider.GetRequiredService<IOptions<DaprOptions>>().Value, provider.GetRequiredService<IOptions<ApiOptions>>().Value));
        services.AddHttpClient(DaprSidecar.HttpClientName)
            .ConfigureHttpClient((provider, client) => DaprSidecar.Configure(client, provider.GetRequiredService<IOptions<ApiOptions>>().Value))
            .ConfigurePrimaryHttpMessageHandler(DaprSidecar.Handler);
        services.AddSingleton<DaprSidecar>();
        if (HostMode.HasEmbeddedAgent(builder.Configuration))
        {
            services.AddSingleton<IAgentCommands, EmbeddedAgentCommands>();
            services.AddSingleton<IContainerLogSource, EmbeddedContainerLogSource>();
            services.AddSingleton<IContainerCommands, EmbeddedContainerCommands>();
        }
        else
        {
            services.AddSingleton<DaprAgentCommands>();
            services.AddSingleton<IAgentCommands>(provider => provider.GetRequiredService<DaprAgentCommands>());
            services.AddSingleton<IContainerLogSource, DaprContainerLogSource>();
            services.AddSingleton<IContainerCommands, DaprContainerCommands>();
        }

        return builder;
    }

    /// <summary>
    /// Problem details for errors (an empty error answer under <c>/api</c> included), the request figures, then security
    /// (headers, CORS, key, rate limit, roles): the HTTP middleware of both hosts, before an endpoint runs.
    /// </summary>
    public static IApplicationBuilder UseWakeDockApiMiddleware(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(ApiStatusPages.WriteAsync);
        app.Use(app.ApplicationServices.GetRequiredService<ApiRequestStatistics>().MeasureAsync);
        app.UseWakeDockSecurity();
        app.Use(ApiQuery.CheckAsync);
        return app;
    }

    /// <summary><c>/health</c> and the API groups under <c>/api/v1/monitoring</c> and <c>/api</c>.</summary>
    public static IEndpointRouteBuilder MapWakeDockApi(this IEndpointRouteBuilder app)
    {
        app.MapLiveness();
        app.MapAccessTokens();

        var monitoring = Group(app, ApiRoutes.Prefix);
        monitoring.MapStatus();
        monitoring.MapControl();
        monitoring.MapMetrics();
        monitoring.MapAlerts();
        monitoring.MapThresholds();
        monitoring.MapContainers();
        monitoring.MapContainerActions();
        monitoring.MapHosts();
        monitoring.MapIncidents();
        monitoring.MapStatistics();
        monitoring.MapLogs("GetMonitoredContainerLogs");
        monitoring.MapExport();
        monitoring.MapDashboardHealth();

        var api = Group(app, "/api");
        api.MapLogs("GetContainerLogs");
        api.MapDetailedHealth();
        return app;
    }

    private static RouteGroupBuilder Group(IEndpointRouteBuilder app, string prefix)
    {
        var limit = app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        var group = app.MapGroup(prefix)
            .RequireAuthorization(WakeDockPolicies.Reader)
            .RequireRateLimiting(WakeDockPolicies.RateLimit)
            .AddEndpointFilter(ApiProblem.Filter)
            .WithMetadata(new RequestSizeLimitAttribute(limit))
            .WithTags(prefix == ApiRoutes.Prefix ? "Monitoring" : "Containers and health");
        // Every endpoint of the API declares its query: its handler's [AsParameters] records, else none.
        ((IEndpointConventionBuilder)group).Add(endpoint => endpoint.Metadata.Add(endpoint.Metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault() is { } handler
            ? ApiParameters.Of(handler) ?? ApiParameters.None
            : ApiParameters.None));
        return group;
    }
}

/// <summary>An empty error answer under <c>/api</c> (no such route, method not allowed) as problem details.</summary>
internal static class ApiStatusPages
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!SecurityHeaders.IsApi(http.Request.Path))
        {
            return;
        }

        var status = http.Response.StatusCode;
        var (field, detail) = status switch
        {
            StatusCodes.Status404NotFound => ("path", $"No endpoint at {http.Request.Path}; the document at /openapi/v1.json lists them."),
            StatusCodes.Status405MethodNotAllowed => ("method", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
            StatusCodes.Status415UnsupportedMediaType => ("Content-Type", $"The body must be JSON (Content-Type: application/json); got '{http.Request.ContentType ?? "none"}'."),
            _ => ((string?)null, (string?)null),
        };
        var problem = new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status, Detail = detail } };
        if (field is not null)
        {
            problem.ProblemDetails.Extensions["field"] = field;
        }

        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problem);
    }
}
