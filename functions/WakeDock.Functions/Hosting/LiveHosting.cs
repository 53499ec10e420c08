using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Http;
using WakeDock.Functions.Live.Azure;
using WakeDock.Functions.Live;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;

namespace WakeDock.Functions.Hosting;

/// <summary>Where the streams are, for the dashboard: the hub, the raw WebSocket, and whether the hub filters on the server.</summary>
public sealed record LiveEndpoints(string Hub, string Websocket, string Fanout, bool ServerFilters);

/// <summary>The live streams: the broadcaster, the raw WebSocket endpoint, the SignalR hub, and Azure SignalR Service when configured.</summary>
public static class LiveHosting
{
    public const string InfoPath = "/live";

    /// <summary>Before <c>AddWakeDockApi</c>: the status reports these streams' connections.</summary>
    public static IHostApplicationBuilder AddWakeDockLive(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StreamOptions>>(new StreamOptionsValidator());
        services.AddSingleton<StreamClients>();
        services.Replace(ServiceDescriptor.Singleton<IStreamConnections>(sp => sp.GetRequiredService<StreamClients>()));
        services.AddSingleton<OriginRule>();
        services.AddSingleton<LiveBroadcaster>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveBroadcaster>());
        services.AddSingleton<WebSocketEndpoint>();
        services.AddSignalR();
        services.AddOptions<Microsoft.AspNetCore.SignalR.HubOptions>().Configure<IOptions<StreamOptions>>((hub, streams) =>
        {
            hub.KeepAliveInterval = streams.Value.PingInterval;
            hub.ClientTimeoutInterval = streams.Value.ClientTimeout;
            hub.MaximumReceiveMessageSize = streams.Value.MaxClientMessageBytes;
        });

        services.AddOptions<AzureSignalROptions>().BindConfiguration(AzureSignalROptions.Section)
            .Validate(o => !o.IsConfigured || TryParse(o.ConnectionString!), "Azure:SignalR:ConnectionString must be Endpoint=https://…;AccessKey=…;Version=1.0;")
            .Validate(o => System.Text.RegularExpressions.Regex.IsMatch(o.HubName, "^[A-Za-z][A-Za-z0-9_]{0,127}$"), "Azure:SignalR:HubName starts with a letter and holds letters, digits and underscores.")
            .ValidateOnStart();
        if (UsesAzureSignalR(builder.Configuration))
        {
            services.AddHttpClient<AzureSignalRRestClient>(AzureSignalRRestClient.HttpClientName);
            services.AddHostedService<AzureSignalRFanOut>();
        }

        return builder;
    }

    /// <summary>Where the live streams are and, with Azure SignalR Service, its negotiate: endpoints of both hosts.</summary>
    public static IEndpointRouteBuilder MapWakeDockLive(this IEndpointRouteBuilder app)
    {
        var azure = UsesAzureSignalR(app.ServiceProvider.GetRequiredService<IConfiguration>());
        app.MapGet(ApiRoutes.Prefix + InfoPath, () => TypedResults.Ok(new LiveEndpoints(
                LiveHub.Path, ApiRoutes.Prefix + WebSocketEndpoint.Path, azure ? "azure-signalr" : "in-process", ServerFilters: !azure)))
            .RequireAuthorization(WakeDockPolicies.Reader)
            .RequireRateLimiting(WakeDockPolicies.RateLimit)
            .AddEndpointFilter(ApiProblem.Filter)
            .WithName("GetLiveEndpoints")
            .WithSummary("Where the live streams are: the SignalR hub, the WebSocket, and whether the hub filters on the server.")
            .WithTags("Monitoring");

        if (azure)
        {
            // Serverless: the browser's SignalR client posts here first and follows the answer to the service.
            // Azure SignalR Service broadcasts to every client and the browser filters: a scoped key cannot be held to its scope there.
            app.MapPost(LiveHub.Path + "/negotiate", (AzureSignalRRestClient service) => TypedResults.Json(service.Negotiate(), AzureSignalRJsonContext.Default.NegotiateRedirect))
                .RequireAuthorization(WakeDockPolicies.Reader, WakeDockPolicies.Unscoped)
                .RequireRateLimiting(WakeDockPolicies.RateLimit)
                .WithName("NegotiateLive")
                .ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// The embedded host's own streams (the Functions host serves no WebSocket): the spec's WebSocket endpoint and,
    /// unless Azure SignalR Service carries it, the in-process hub. After the security middleware.
    /// </summary>
    public static WebApplication MapWakeDockStreams(this WebApplication app)
    {
        app.UseWebSockets();
        var streams = app.Services.GetRequiredService<IOptions<StreamOptions>>().Value;

        app.MapGet(ApiRoutes.Prefix + WebSocketEndpoint.Path, (HttpContext context, WebSocketEndpoint ws) => ws.AcceptAsync(context))
            .RequireAuthorization(WakeDockPolicies.Reader)
            .RequireRateLimiting(WakeDockPolicies.RateLimit)
            .AddEndpointFilter(ApiProblem.Filter)
            .WithName("MonitoringWebSocket")
            .WithSummary("The spec's WebSocket stream: subscribe to metrics, alerts or system_status with filters.")
            .WithTags("Monitoring");

        if (!UsesAzureSignalR(app.Configuration))
        {
            app.MapHub<LiveHub>(LiveHub.Path, o =>
                {
                    o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
                    o.ApplicationMaxBufferSize = streams.MaxClientMessageBytes;
                })
                .RequireAuthorization(WakeDockPolicies.Reader)
                .RequireRateLimiting(WakeDockPolicies.RateLimit);
        }

        return app;
    }

    /// <summary>Azure SignalR Service carries the hub in distributed mode when its connection string is set.</summary>
    public static bool UsesAzureSignalR(IConfiguration configuration)
        => !HostMode.HasEmbeddedAgent(configuration) && !string.IsNullOrWhiteSpace(configuration[$"{AzureSignalROptions.Section}:ConnectionString"]);

    private static bool TryParse(string connectionString)
    {
        try
        {
            AzureSignalRConnectionString.Parse(connectionString);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private sealed class StreamOptionsValidator : IValidateOptions<StreamOptions>
    {
        public ValidateOptionsResult Validate(string? name, StreamOptions options)
            => options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
