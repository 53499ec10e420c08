using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Hosting;

/// <summary>The host as its own process, started with a setting out of range.</summary>
public sealed class InvalidSettingsTests
{
    [Fact]
    public async Task ASettingOutOfRangeStopsTheHostWithExitCodeOneAndTheSettingNamedWithoutAStackTrace()
    {
        var storage = TempFolder.Create("invalid-settings");
        try
        {
            var result = await ProcessRunner.RunAsync(ProcessRunner.FindOnPath("dotnet") ?? "dotnet",
                [Path.Combine(AppContext.BaseDirectory, "WakeDock.Functions.dll"), "--urls", $"http://127.0.0.1:{FreePort.Next()}"],
                timeout: TimeSpan.FromSeconds(60),
                environment: new Dictionary<string, string>
                {
                    ["WAKEDOCK_METRICS_STORAGE_PATH"] = storage,
                    ["WAKEDOCK_EMBEDDED_AGENT"] = "false",
                    ["WakeDock__Storage__HotWindow"] = "00:03:00",
                },
                workingDirectory: AppContext.BaseDirectory, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("wakedock: invalid settings: WakeDock:Storage:HotWindow must be at least 10 minutes.", result.StandardError);
            Assert.DoesNotContain("   at ", result.StandardError);
        }
        finally
        {
            TempFolder.Delete(storage);
        }
    }
}
