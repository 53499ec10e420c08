namespace WakeDock.Api.Tests.Support;

/// <summary>Waits, bounded, for something that happens in the background (a collection, a delivery).</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan within, string what) where T : class
    {
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

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan within, string what)
        => ValueAsync(async () => await probe() ? "yes" : null, within, what);
}
