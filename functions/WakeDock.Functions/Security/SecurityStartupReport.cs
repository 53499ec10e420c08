using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>
/// Says at start-up how the API is protected: which keys (by name and role, never the key), or that it is open on
/// loopback; and what guards the ingest and binding routes.
/// </summary>
public sealed partial class SecurityStartupReport(ApiKeyRing keys, IOptions<SecurityOptions> options, IOptions<WakeDockOptions> pipeline, ILogger<SecurityStartupReport> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var security = options.Value;
        if (keys.IsOpen && security.AllowAnonymousNonLoopback)
        {
            LogOpenEverywhere();
        }
        else if (keys.IsOpen)
        {
            LogOpenOnLoopback();
        }
        else
        {
            var names = string.Join(", ", security.ApiKeys.Select(k => CallerScope.Of(k.Scope) is { } scope
                ? $"{k.Name} ({ApiKeyRing.RoleName(k.Role)}, {CallerScope.Describe(scope)})"
                : $"{k.Name} ({ApiKeyRing.RoleName(k.Role)})"));
            LogKeys(keys.Count, names);
        }

        var ingest = pipeline.Value.Ingest;
        if (IngestAccess.IsProtected(ingest))
        {
            LogIngestProtected(string.IsNullOrEmpty(ingest.AppApiToken) ? "not set" : "set", ingest.AgentKeys.Count);
        }
        else
        {
            LogIngestOnLoopback();
        }

        if (security.CorsOrigins.Count > 0)
        {
            var origins = string.Join(", ", security.CorsOrigins);
            LogCors(origins);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key configured: the API is open to every caller on loopback, and the host refuses to listen on any other address (configure WakeDock:Security:ApiKeys, see docs/security.md)")]
    private partial void LogOpenOnLoopback();

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key configured and WakeDock:Security:AllowAnonymousNonLoopback is set: the API is open to whoever reaches this host's addresses")]
    private partial void LogOpenEverywhere();

    [LoggerMessage(Level = LogLevel.Information, Message = "API protected by {Count} keys: {Keys}")]
    private partial void LogKeys(int count, string keys);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest, dead-letter, subscription and binding routes protected: the sidecar's token (APP_API_TOKEN) {Sidecar}, agent keys {AgentKeys}")]
    private partial void LogIngestProtected(string sidecar, int agentKeys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No APP_API_TOKEN and no agent key configured: the ingest, dead-letter, subscription and binding routes answer loopback callers only, and the host refuses to listen on any other address (set APP_API_TOKEN or WakeDock:Ingest:AgentKeys, see docs/security.md)")]
    private partial void LogIngestOnLoopback();

    [LoggerMessage(Level = LogLevel.Information, Message = "Browsers may call the API from {Origins}")]
    private partial void LogCors(string origins);
}
