using Microsoft.Extensions.Options;
using NCrontab;
using WakeDock.Functions.Triggers.Timers;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Functions.Embedded;

/// <summary>
/// The embedded host's timer trigger: each function of <see cref="TimerFunctions"/> on its six-field NCRONTAB schedule
/// (UTC; the <c>WAKEDOCK_…_SCHEDULE</c> settings the Functions host reads, or the defaults of <see cref="TriggerTable"/>), on the injected clock. A run whose time passed while the host was down runs
/// once at start-up. Off when a Dapr cron binding drives the timers (<c>WakeDock:Timers:UseInternalSchedule</c>).
/// </summary>
public sealed class TimerScheduler(TimerFunctions functions, TimerRunner runner, TimerRunLog log, TimeProvider time, IOptions<WakeDockOptions> options, ILogger<TimerScheduler> logger) : BackgroundService
{
    public static CrontabSchedule ScheduleOf(FunctionTrigger trigger, TimerOptions options)
        => CrontabSchedule.Parse(options.Schedules.TryGetValue(trigger.Function, out var custom) ? custom : trigger.Schedule!, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    /// <summary>True when an occurrence of <paramref name="schedule"/> fell after <paramref name="lastRun"/> and up to <paramref name="now"/>.</summary>
    public static bool Missed(CrontabSchedule schedule, DateTimeOffset lastRun, DateTimeOffset now)
        => schedule.GetNextOccurrence(lastRun.UtcDateTime) <= now.UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Timers.UseInternalSchedule)
        {
            logger.TimersExternal();
            return;
        }

        var timers = TriggerTable.Timers.Where(t => runner.Names.Contains(t.Function)).Select(t => (t.Function, Schedule: ScheduleOf(t, options.Value.Timers))).ToList();
        await Task.WhenAll(timers.Select(t => LoopAsync(t.Function, t.Schedule, stoppingToken)));
    }

    private async Task LoopAsync(string function, CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var now = time.GetUtcNow();
        if (log.LastRun(function) is { } last)
        {
            if (Missed(schedule, last, now))
            {
                logger.TimerMissed(function, last);
                await functions.RunAsync(function, "missed", stoppingToken);
            }
        }
        else
        {
            await log.RecordAsync(function, now, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            now = time.GetUtcNow();
            var next = new DateTimeOffset(DateTime.SpecifyKind(schedule.GetNextOccurrence(now.UtcDateTime), DateTimeKind.Utc));
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await functions.RunAsync(function, "schedule", stoppingToken);
        }
    }
}
