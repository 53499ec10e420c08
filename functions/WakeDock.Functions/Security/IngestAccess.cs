using WakeDock.Contracts;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>
/// What guards the ingest, dead-letter, subscription and cron-binding routes: the Dapr sidecar's
/// <c>dapr-api-token</c> (APP_API_TOKEN) or an agent key. With neither configured they answer loopback callers only,
/// and <see cref="LoopbackRule"/> keeps the host on loopback.
/// </summary>
public static class IngestAccess
{
    public static bool IsProtected(IngestOptions ingest) => !string.IsNullOrEmpty(ingest.AppApiToken) || ingest.AgentKeys.Count > 0;

    /// <summary>The 401 of a refused caller, as problem details naming what to send.</summary>
    public static IResult Refused(HttpContext context, IngestOptions ingest) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized",
        detail: IsProtected(ingest)
            ? $"This route takes calls from the Dapr sidecar (its token in dapr-api-token) or from an agent (a known key in {PipelineNames.AgentKeyHeader}) only."
            : "With no APP_API_TOKEN and no agent key configured, this route answers callers on this machine's loopback only.",
        extensions: new Dictionary<string, object?>
        {
            ["field"] = context.Request.Headers.ContainsKey(PipelineNames.AgentKeyHeader) ? PipelineNames.AgentKeyHeader : Triggers.IngestEndpoints.DaprTokenHeader,
        });
}
