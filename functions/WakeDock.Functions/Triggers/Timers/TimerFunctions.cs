using Microsoft.Azure.Functions.Worker;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Functions.Triggers.Timers;

/// <summary>
/// The timer-triggered functions. Their schedules are app settings (<c>%WAKEDOCK_…_SCHEDULE%</c>, six-field NCRONTAB,
/// UTC); the Functions host runs each on one instance at a time, the embedded host's <see cref="Embedded.TimerScheduler"/>
/// calls <see cref="RunAsync"/> on the same schedules. A failed run fails the invocation, so the host records it.
/// </summary>
public sealed class TimerFunctions(TimerRunner runner)
{
    [Function(TriggerTable.AlertSweep)]
    public Task AlertSweep([TimerTrigger($"%{TriggerTable.AlertSweepSchedule}%")] TimerInfo timer, CancellationToken cancellationToken)
        => RunOrThrowAsync(TriggerTable.AlertSweep, timer, cancellationToken);

    [Function(TriggerTable.Compaction)]
    public Task Compaction([TimerTrigger($"%{TriggerTable.CompactionSchedule}%")] TimerInfo timer, CancellationToken cancellationToken)
        => RunOrThrowAsync(TriggerTable.Compaction, timer, cancellationToken);

    [Function(TriggerTable.Rollup)]
    public Task Rollup([TimerTrigger($"%{TriggerTable.RollupSchedule}%")] TimerInfo timer, CancellationToken cancellationToken)
        => RunOrThrowAsync(TriggerTable.Rollup, timer, cancellationToken);

    [Function(TriggerTable.Retention)]
    public Task Retention([TimerTrigger($"%{TriggerTable.RetentionSchedule}%")] TimerInfo timer, CancellationToken cancellationToken)
        => RunOrThrowAsync(TriggerTable.Retention, timer, cancellationToken);

    /// <summary>Runs one timer function now (<paramref name="trigger"/> names who asked: schedule, missed, dapr-cron…).</summary>
    public Task<TimerRunResult> RunAsync(string function, string trigger, CancellationToken cancellationToken) => runner.RunAsync(function, trigger, cancellationToken);

    private async Task RunOrThrowAsync(string function, TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await RunAsync(function, timer.IsPastDue ? "timer-past-due" : "timer", cancellationToken);
        if (result.Status == "failed")
        {
            throw new TimerRunFailedException(function, result.Error);
        }
    }
}

public sealed class TimerRunFailedException(string function, string? error) : Exception($"The {function} timer failed: {error}");
