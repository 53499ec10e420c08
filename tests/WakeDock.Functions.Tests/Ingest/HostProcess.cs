using System.Diagnostics;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Ingest;

/// <summary>The real host as a child process on loopback, with no agent of its own (only the batches a test posts).</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Starts the host; with <paramref name="logFile"/> its console output is kept there (a test's artifacts).</summary>
    public static async Task<HostProcess> StartAsync(string storage, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null, string? logFile = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "WakeDock.Functions.dll"), "--urls", url.ToString() })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WAKEDOCK_METRICS_STORAGE_PATH"] = storage;
        // Only the batches this test posts: an in-process agent would add samples of whatever runs on the test engine.
        info.Environment["WAKEDOCK_EMBEDDED_AGENT"] = "false";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var log = logFile is null ? null : TextWriter.Synchronized(new StreamWriter(logFile, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, line) => log?.WriteLine(line.Data);
        process.ErrorDataReceived += (_, line) => log?.WriteLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                Assert.False(process.HasExited, $"the host exited with {(process.HasExited ? process.ExitCode : 0)} before answering /health");
                using var health = await http.GetAsync(new Uri(url, "/health"), cancellationToken);
                return health.IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(30), () => "the host did not answer /health", cancellationToken, every: TimeSpan.FromMilliseconds(100));
        }
        catch
        {
            process.Kill();
            throw;
        }

        return new HostProcess(process, url);
    }

    /// <summary>SIGKILL: no shutdown, no flush, no saved state.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
