namespace WakeDock.Deployment.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns true; fails with <paramref name="what"/> and the last state after <paramref name="within"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan within, Func<string> what, CancellationToken cancellationToken, TimeSpan? every = null)
    {
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
}
