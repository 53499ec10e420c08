namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>Waits, in real time and bounded, for something the system under test does on its own.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {seconds} s");
            await Task.Delay(50);
        }
    }
}
