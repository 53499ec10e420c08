using Microsoft.Extensions.Options;
using NCrontab;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Triggers;

/// <summary>Whether this instance runs a timer function now.</summary>
public interface ITimerTurns
{
    /// <summary>
    /// The turn to run <paramref name="timer"/>, held until disposed; null when another instance runs it now or already
    /// ran it this period. <paramref name="manual"/> runs (asked for, not scheduled) wait for the turn and skip no period.
    /// </summary>
    Task<IAsyncDisposable?> TakeAsync(string timer, bool manual, CancellationToken cancellationToken);
}

/// <summary>One instance: its own timers are the only ones.</summary>
public sealed class SingleInstanceTimerTurns : ITimerTurns
{
    private static readonly IAsyncDisposable Nothing = new NoTurn();

    public Task<IAsyncDisposable?> TakeAsync(string timer, bool manual, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(Nothing);

    private sealed class NoTurn : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// Scale-out: a timer function runs on one instance per period — the one that takes its lease
/// (<c>leases/timers/&lt;function&gt;</c>, renewed while it runs) and finds in the run log that no instance ran it since
/// the period's scheduled time. Under the Functions host the timer trigger is a singleton already; this keeps
/// the embedded and compose hosts, whose every instance has its own scheduler, to the same rule.
/// </summary>
public sealed class LeasedTimerTurns(ILeaseStore leases, TimerRunLog log, TimeProvider time, IOptions<WakeDockOptions> options) : ITimerTurns
{
    public async Task<IAsyncDisposable?> TakeAsync(string timer, bool manual, CancellationToken cancellationToken)
    {
        var name = $"leases/timers/{timer}";
        var duration = options.Value.ScaleOut.LeaseDuration;
        var leaseId = await leases.TryAcquireLeaseAsync(name, duration, cancellationToken);
        while (leaseId is null && manual)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
            leaseId = await leases.TryAcquireLeaseAsync(name, duration, cancellationToken);
        }

        if (leaseId is null)
        {
            return null;
        }

        var turn = new Turn(leases, name, leaseId, duration, time);
        if (!manual && await log.LastRunStoredAsync(timer, cancellationToken) is { } last && last >= PeriodStart(timer) - TimeSpan.FromSeconds(1))
        {
            await turn.DisposeAsync();
            return null;
        }

        return turn;
    }

    /// <summary>The latest scheduled time at or before now.</summary>
    private DateTimeOffset PeriodStart(string function)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var trigger = TriggerTable.Timers.FirstOrDefault(t => t.Function == function);
        if (trigger is null)
        {
            return DateTimeOffset.MinValue;
        }

        var schedule = CrontabSchedule.Parse(options.Value.Timers.Schedules.TryGetValue(function, out var custom) ? custom : trigger.Schedule!,
            new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var next = schedule.GetNextOccurrence(now);
        var period = schedule.GetNextOccurrence(next) - next;
        var previous = schedule.GetNextOccurrences(now - 2 * period, now.AddTicks(1)).DefaultIfEmpty(now - period).Last();
        return new DateTimeOffset(previous, TimeSpan.Zero);
    }

    private sealed class Turn : IAsyncDisposable
    {
        private readonly ILeaseStore _leases;
        private readonly string _name;
        private readonly string _leaseId;
        private readonly CancellationTokenSource _done = new();
        private readonly Task _renewal;

        public Turn(ILeaseStore leases, string name, string leaseId, TimeSpan duration, TimeProvider time)
        {
            _leases = leases;
            _name = name;
            _leaseId = leaseId;
            _renewal = Task.Run(async () =>
            {
                try
                {
                    while (!_done.IsCancellationRequested)
                    {
                        await Task.Delay(duration / 3, time, _done.Token);
                        await leases.RenewLeaseAsync(name, leaseId, _done.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    // the lease lapses; the run goes on (a second run of a timer is harmless, only wasteful)
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _done.CancelAsync();
            await _renewal;
            _done.Dispose();
            await _leases.ReleaseLeaseAsync(_name, _leaseId);
        }
    }
}
