using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

internal static class StatusApi
{
    public static void MapStatus(this RouteGroupBuilder api)
        => api.MapGet("/status", (HttpContext context, MonitoringStatusReader status) => TypedResults.Ok(status.Read(context.ScopeOf())))
            .WithName("GetMonitoringStatus")
            .WithSummary("Whether collection runs, how many containers are monitored, the interval and retention, and the live streams' connections.");
}
