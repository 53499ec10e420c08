using Xunit;

namespace WakeDock.Testing;

/// <summary>
/// A real part a test depends on (Docker engine, Azurite, Chromium, promtool, Prometheus). When it is
/// missing the test fails with the reason under <c>WAKEDOCK_REQUIRE_INTEGRATION=1</c> (what
/// <c>scripts/test.sh</c> sets) and is skipped, with the reason, otherwise.
/// </summary>
public static class IntegrationPart
{
    public static bool Required => Environment.GetEnvironmentVariable("WAKEDOCK_REQUIRE_INTEGRATION") == "1";

    /// <summary>Stops the test when <paramref name="problem"/> is set.</summary>
    public static void Require(string part, string? problem)
    {
        if (problem is null)
        {
            return;
        }

        var message = $"{part} is not available: {problem}";
        if (Required)
        {
            Assert.Fail($"{message}. WAKEDOCK_REQUIRE_INTEGRATION=1 forbids skipping; ./scripts/test.sh installs and starts it.");
        }

        Assert.Skip($"{message}. Run ./scripts/test.sh to have it installed and started.");
    }

    public static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
