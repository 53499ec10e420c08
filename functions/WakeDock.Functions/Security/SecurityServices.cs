using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>API keys with roles, the rate limit per key or address, CORS, security headers and the loopback-only rule without keys or ingest protection.</summary>
public static class SecurityServices
{
    public static IHostApplicationBuilder AddWakeDockSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<IValidateOptions<SecurityOptions>, FunctionsHostRule>();
        services.AddSingleton<IValidateOptions<WakeDockOptions>, IngestAccessValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<TokenSigningKey>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditFile>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditFile>());
        services.AddHostedService<SecurityStartupReport>();

        // One scheme in front: a compact JWT goes to the token handler, anything else to the key handler.
        services.AddAuthentication(ApiKeyDefaults.CallerScheme)
            .AddPolicyScheme(ApiKeyDefaults.CallerScheme, null, o => o.ForwardDefaultSelector = context =>
                AccessTokens.LooksLikeToken(ApiKeyAuthenticationHandler.PresentedKey(context)) ? JwtBearerDefaults.AuthenticationScheme : ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenSigningKey>(AccessTokens.Configure);
        services.AddAuthorizationBuilder()
            .AddPolicy(WakeDockPolicies.Reader, policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.CallerScheme).RequireRole(ApiKeyRing.RoleReader, ApiKeyRing.RoleAdmin))
            .AddPolicy(WakeDockPolicies.Admin, policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.CallerScheme).RequireRole(ApiKeyRing.RoleAdmin))
            .AddPolicy(WakeDockPolicies.Unscoped, policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.CallerScheme)
                .RequireAssertion(context => CallerScope.Of(context.User) is null))
            .AddPolicy(WakeDockPolicies.Key, policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireRole(ApiKeyRing.RoleReader, ApiKeyRing.RoleAdmin));

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<SecurityOptions>>((cors, security) => cors.AddPolicy(WakeDockPolicies.Cors, policy => policy
            .WithOrigins([.. security.Value.CorsOrigins])
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete)
            // The SignalR client adds the last two to its negotiate and long-polling requests (a dashboard on another origin).
            .WithHeaders("Authorization", ApiKeyDefaults.HeaderName, "Content-Type", "X-Requested-With", "X-SignalR-User-Agent")
            .WithExposedHeaders("Retry-After", "Content-Disposition", "X-WakeDock-Resolution", "X-WakeDock-Step", "X-WakeDock-Truncated")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limiter, security) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(WakeDockPolicies.RateLimit, context => Partition(context, security.Value.RateLimit));
        });

        // The host's own "Request starting" lines print the whole URL, query string included, so a WebSocket's
        // access_token would reach the logs; request logging of its own (path, status, duration) replaces them.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return builder;
    }

    /// <summary>Headers, then CORS (preflights answered before any key is asked for), the key, the audit trail (which sees every answer after it), the rate limit (per key once known), the roles.</summary>
    public static IApplicationBuilder UseWakeDockSecurity(this IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseCors(WakeDockPolicies.Cors);
        app.UseAuthentication();
        app.UseMiddleware<AuditTrail>();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>One bucket per API key; callers without a valid key share their address's.</summary>
    public static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limit)
    {
        if (!limit.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var key = context.User.Identity is { IsAuthenticated: true, Name: { } name } && name != ApiKeyRing.OpenCaller
            ? "key:" + name
            : "ip:" + context.Connection.RemoteIpAddress;
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ApiRequestStatistics>().CountRateLimited();
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Detail = $"Too many requests from this client; retry in {seconds} s.",
                Extensions = { ["retry_after_seconds"] = seconds },
            },
        });
    }
}
