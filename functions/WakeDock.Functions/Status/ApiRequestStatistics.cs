using System.Diagnostics;

namespace WakeDock.Functions.Status;

/// <summary>The API's own figures for the statistics endpoint (the spec's "latence moyenne des requêtes"): requests, their mean duration, those refused by the rate limit.</summary>
public sealed class ApiRequestStatistics
{
    private long _requests;
    private long _ticks;
    private long _rateLimited;

    public long Requests => Interlocked.Read(ref _requests);

    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public double AverageMilliseconds => Requests == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _ticks) / Requests).TotalMilliseconds;

    public void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    /// <summary>Times every request under <c>/api</c>, whatever its outcome.</summary>
    public async Task MeasureAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref _requests);
        }
    }
}
