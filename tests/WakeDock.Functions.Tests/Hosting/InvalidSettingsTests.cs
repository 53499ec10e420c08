using System.Diagnostics;

namespace WakeDock.Functions.Tests.Hosting;

/// <summary>The embedded host started with a setting out of range, as an operator would: the process, its exit code and its output.</summary>
public sealed class InvalidSettingsTests
{
    [Fact]
    public async Task ASettingOutOfRangeStopsTheHostWithExitCodeOneAndALineNamingItNotAStackTrace()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WakeDock.Functions.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["WAKEDOCK_EMBEDDED_AGENT"] = "false";
        info.Environment["WAKEDOCK_METRICS_STORAGE_PATH"] = Path.Combine(Path.GetTempPath(), "wakedock-invalid-" + Guid.NewGuid().ToString("N"));
        info.Environment["WakeDock__Observability__MetricsPath"] = "metrics";

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var stderr = await error;
        var all = await output + stderr;
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("WakeDock did not start: WakeDock:Observability:MetricsPath must start with '/'.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
