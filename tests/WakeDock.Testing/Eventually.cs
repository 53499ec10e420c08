namespace WakeDock.Testing;

/// <summary>Waits, in real time and bounded, for something the system under test does in the background.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> every 200 ms until it returns a value; fails with <paramref name="what"/> after <paramref name="within"/>.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan within, string what) where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {within.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Polls <paramref name="probe"/> every 200 ms until it returns true; fails with <paramref name="what"/> after <paramref name="within"/>.</summary>
    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan within, string what)
        => ValueAsync(async () => await probe() ? "yes" : null, within, what);

    /// <summary>
    /// Polls <paramref name="probe"/> (every 250 ms unless told) until it returns true, taking a failed or timed-out
    /// HTTP request as not yet; fails with <paramref name="what"/> and the last state after <paramref name="within"/>.
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan within, Func<string> what, CancellationToken cancellationToken, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(what);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await probe())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {within}: {what()}");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>Polls <paramref name="probe"/> (every 250 ms unless told) until it returns true; false, not a failure, after <paramref name="within"/>.</summary>
    public static async Task<bool> HoldsWithinAsync(Func<Task<bool>> probe, TimeSpan within, CancellationToken cancellationToken, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + within;
        while (!await probe())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        return true;
    }

    /// <summary>Checks <paramref name="condition"/> every 50 ms until it holds; fails with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 60)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {seconds} s");
            await Task.Delay(50);
        }
    }
}
