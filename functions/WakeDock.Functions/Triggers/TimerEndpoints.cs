using Microsoft.Extensions.Options;
using WakeDock.Functions.Security;
using WakeDock.Functions.Triggers.Timers;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Functions.Triggers;

/// <summary>
/// The Dapr cron bindings: the sidecar asks <c>OPTIONS /&lt;binding&gt;</c> at start-up (200 = bind) and then
/// POSTs to it on schedule; each POST runs that timer function (<see cref="TimerFunctions"/>) — the embedded host's alternative to its own schedule.
/// </summary>
public static class TimerEndpoints
{
    public static void MapTimerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        foreach (var trigger in TriggerTable.Timers)
        {
            var function = trigger.Function;
            endpoints.MapMethods(trigger.Route, [HttpMethods.Options], (HttpContext context, IOptions<WakeDockOptions> options)
                => IngestEndpoints.Caller(context, options.Value.Ingest) == IngestEndpoints.CallerKind.Refused ? IngestAccess.Refused(context, options.Value.Ingest) : Results.Ok())
                .WithName($"Bind{function}");
            endpoints.MapPost(trigger.Route, async (HttpContext context, TimerFunctions timers, IOptions<WakeDockOptions> options, CancellationToken cancellationToken) =>
            {
                if (IngestEndpoints.Caller(context, options.Value.Ingest) == IngestEndpoints.CallerKind.Refused)
                {
                    return IngestAccess.Refused(context, options.Value.Ingest);
                }

                var result = await timers.RunAsync(function, "dapr-cron", cancellationToken);
                return Results.Json(new TimerInvocationResponse(result.Function, result.Status, result.Duration.TotalMilliseconds, result.Error),
                    TriggerJsonContext.Default.TimerInvocationResponse, statusCode: result.Status == "failed" ? 500 : 200);
            }).WithName($"Run{function}");
        }
    }
}
