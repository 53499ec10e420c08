using Microsoft.Extensions.Logging.Abstractions;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Local;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Triggers.Timers;

namespace WakeDock.Functions.Tests.Triggers;

public sealed class TimerTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2025, 1, 16, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = TempFolder.Create("timers");

    public void Dispose() => TempFolder.Delete(_root);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("0 */5 * * * *", "2025-01-16T12:00:00Z", "2025-01-16T12:04:59Z", false)]
    [InlineData("0 */5 * * * *", "2025-01-16T12:00:00Z", "2025-01-16T12:05:00Z", true)]
    [InlineData("0 30 3 * * *", "2025-01-15T03:30:00Z", "2025-01-16T03:29:59Z", false)]
    [InlineData("0 30 3 * * *", "2025-01-15T03:30:00Z", "2025-01-17T09:00:00Z", true)]
    [InlineData("*/15 * * * * *", "2025-01-16T12:00:14Z", "2025-01-16T12:00:15Z", true)]
    public void AMissedRunIsAnOccurrenceBetweenTheLastRunAndNow(string schedule, string lastRun, string now, bool missed)
    {
        var parsed = NCrontab.CrontabSchedule.Parse(schedule, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });

        Assert.Equal(missed, TimerScheduler.Missed(parsed, DateTimeOffset.Parse(lastRun, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void EveryTimerOfTheTableHasASixFieldScheduleAndABinding()
    {
        foreach (var timer in TriggerTable.Timers)
        {
            Assert.Equal(6, timer.Schedule!.Split(' ').Length);
            Assert.NotNull(TimerScheduler.ScheduleOf(timer, new TimerOptions()));
            Assert.Equal("/" + timer.DaprBinding, timer.Route);
        }

        var options = new TimerOptions();
        options.Schedules["retention"] = "0 0 4 * * *";
        var retention = TimerScheduler.ScheduleOf(TriggerTable.Timers.Single(t => t.Function == "retention"), options);
        Assert.Equal(new DateTime(2025, 1, 17, 4, 0, 0), retention.GetNextOccurrence(new DateTime(2025, 1, 16, 5, 0, 0)));
    }

    [Fact]
    public async Task ATimerRunsOnItsScheduleAsTheClockMoves()
    {
        var clock = new ManualTimeProvider(Noon);
        var (scheduler, counter, _) = await StartAsync(clock, "*/10 * * * * *");

        await WaitForTimers(clock);
        clock.Advance(TimeSpan.FromSeconds(10));
        await WaitUntil(() => counter.Runs == 1);
        await WaitForTimers(clock);
        clock.Advance(TimeSpan.FromSeconds(5)); // short of the next occurrence: no timer fires, nothing can run
        Assert.Equal(1, counter.Runs);
        clock.Advance(TimeSpan.FromSeconds(5));
        await WaitUntil(() => counter.Runs == 2);
        await scheduler.StopAsync(Ct);
    }

    [Fact]
    public async Task ARunMissedWhileDownRunsOnceAtStartUp()
    {
        var clock = new ManualTimeProvider(Noon);
        var store = new LocalFolderStore(_root);
        using var log = new TimerRunLog(store);
        await log.RecordAsync("rollup", Noon.AddHours(-3), Ct);

        var (scheduler, counter, _) = await StartAsync(clock, "0 0 * * * *");

        await WaitUntil(() => counter.Runs == 1);
        await WaitForTimers(clock); // the loop waits for the next hour: its start-up work is over
        Assert.Equal(1, counter.Runs);
        await scheduler.StopAsync(Ct);
    }

    [Fact]
    public async Task TheFirstStartRecordsABaselineInsteadOfRunning()
    {
        var clock = new ManualTimeProvider(Noon);
        var (scheduler, counter, log) = await StartAsync(clock, "0 0 * * * *");

        await WaitUntil(() => log.LastRun("rollup") is not null);
        Assert.Equal(0, counter.Runs);
        await scheduler.StopAsync(Ct);
    }

    private async Task<(TimerScheduler Scheduler, CountingFunction Counter, TimerRunLog Log)> StartAsync(ManualTimeProvider clock, string schedule)
    {
        var log = new TimerRunLog(new LocalFolderStore(_root));
        await log.LoadAsync(Ct);
        var counter = new CountingFunction();
        var options = new WakeDockOptions();
        options.Timers.Schedules["rollup"] = schedule;
        var runner = new TimerRunner([counter], new WakeDock.Pipeline.Triggers.SingleInstanceTimerTurns(), log, new PipelineMetrics(), clock, NullLogger<TimerRunner>.Instance);
        var scheduler = new TimerScheduler(new TimerFunctions(runner), runner, log, clock, Microsoft.Extensions.Options.Options.Create(options), NullLogger<TimerScheduler>.Instance);
        await scheduler.StartAsync(Ct);
        return (scheduler, counter, log);
    }

    private static async Task WaitForTimers(ManualTimeProvider clock) => await WaitUntil(() => clock.PendingTimers > 0);

    private static Task WaitUntil(Func<bool> condition) => Eventually.TrueAsync(condition, "the scheduler's move", seconds: 10);

    private sealed class CountingFunction : ITimerFunction
    {
        private int _runs;

        public string Name => "rollup";

        public int Runs => Volatile.Read(ref _runs);

        public Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Task.CompletedTask;
        }
    }
}
