using WakeDock.Deployment.Tests.Support;
using WakeDock.Functions.Security;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.MultiHost;

/// <summary>
/// The functions host as a real child process in distributed mode: agents POST to its ingest route with an
/// agent key, the API needs a reader key, it listens on loopback and on the root side of every veth. Further
/// settings (environment variables) are added to or replace these.
/// </summary>
internal sealed class FunctionsHost(string storage, IReadOnlyList<string> addresses, string? agentKey, string apiKey,
    IReadOnlyDictionary<string, string>? settings = null) : IDisposable
{
    private ChildProcess? _process;

    public int Port { get; } = FreePort.Next();

    public Uri Loopback => new($"http://127.0.0.1:{Port}");

    public string Storage => storage;

    public string Output => _process?.Output ?? "";

    public Uri IngestUrlFor(TestHost host) => new($"http://{host.RootAddress}:{Port}{Contracts.PipelineNames.IngestRoute}");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var urls = string.Join(';', addresses.Prepend("127.0.0.1").Select(a => $"http://{a}:{Port}"));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["WAKEDOCK_EMBEDDED_AGENT"] = "false",
            ["WAKEDOCK_METRICS_STORAGE_PATH"] = storage,
            ["WAKEDOCK_METRICS_INTERVAL"] = "1",
            ["WakeDock__Security__ApiKeys__0__Name"] = "multi-host-test",
            ["WakeDock__Security__ApiKeys__0__Role"] = "Reader",
            ["WakeDock__Security__ApiKeys__0__Hash"] = KeyHash.Of(apiKey),
            // Silent hosts are looked for every second instead of every 15 s; compaction, which
            // would move samples between files while the test counts them, does not run.
            ["WakeDock__Timers__Schedules__alert-sweep"] = "* * * * * *",
            ["WakeDock__Timers__Schedules__compaction"] = "0 0 0 1 1 *",
            ["WakeDock__Timers__Schedules__rollup"] = "0 0 0 1 1 *",
        };
        if (agentKey is not null)
        {
            environment["WakeDock__Ingest__AgentKeys__0"] = KeyHash.Of(agentKey);
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        _process = ChildProcess.StartDotnet("functions host", Path.Combine(AppContext.BaseDirectory, "WakeDock.Functions.dll"), ["--urls", urls], environment);
        await _process.WaitHealthyAsync(new Uri(Loopback, "/health"), TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>SIGKILL, mid-stream: no shutdown, no flush, no saved ledger.</summary>
    public void Kill() => _process?.Kill();

    public void Dispose() => _process?.Dispose();
}
