using System.Diagnostics;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Triggers;

/// <summary>How a timer run ended.</summary>
public sealed record TimerRunResult(string Function, string Status, TimeSpan Duration, string? Error = null);

/// <summary>
/// Runs timer functions one at a time each (a run asked for while one is going is skipped, as a timer
/// fires on one instance; with several instances, see <see cref="ITimerTurns"/>), records the run, counts it, and logs
/// failures without retrying them.
/// </summary>
public sealed class TimerRunner(IEnumerable<ITimerFunction> functions, ITimerTurns turns, TimerRunLog log, PipelineMetrics metrics, TimeProvider time, ILogger<TimerRunner> logger)
{
    private readonly Dictionary<string, (ITimerFunction Function, SemaphoreSlim Gate)> _functions =
        functions.ToDictionary(f => f.Name, f => (f, new SemaphoreSlim(1, 1)), StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _functions.Keys;

    /// <summary>Runs <paramref name="name"/> now; when it is already running, skips (a timer's rule) or, with <paramref name="waitIfRunning"/>, runs after it.</summary>
    public async Task<TimerRunResult> RunAsync(string name, string trigger, CancellationToken cancellationToken, bool waitIfRunning = false)
    {
        if (!_functions.TryGetValue(name, out var entry))
        {
            return new TimerRunResult(name, "unknown", TimeSpan.Zero);
        }

        if (!await entry.Gate.WaitAsync(waitIfRunning ? Timeout.Infinite : 0, cancellationToken))
        {
            Count(name, trigger, "skipped");
            return new TimerRunResult(name, "skipped", TimeSpan.Zero);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var turn = await turns.TakeAsync(name, waitIfRunning, cancellationToken);
            if (turn is null)
            {
                Count(name, trigger, "elsewhere");
                return new TimerRunResult(name, "elsewhere", TimeSpan.Zero);
            }

            var at = time.GetUtcNow();
            await entry.Function.RunAsync(cancellationToken);
            await log.RecordAsync(name, at, cancellationToken);
            Count(name, trigger, "success");
            return new TimerRunResult(name, "ran", Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.TimerFailed(e, name, trigger);
            Count(name, trigger, "failure");
            return new TimerRunResult(name, "failed", Stopwatch.GetElapsedTime(started), e.Message);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private void Count(string name, string trigger, string outcome)
        => metrics.TimerRuns.Add(1, new("function", name), new("trigger", trigger), new("outcome", outcome));
}
