using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace WakeDock.Testing;

/// <summary>
/// A real Prometheus server binary (<c>WAKEDOCK_TEST_PROMETHEUS</c>, exported by <c>scripts/test.sh</c>, or
/// <c>prometheus</c> on PATH — Debian's package). Tests start their own server with
/// <see cref="StartAsync"/>: a config of their own, a free loopback port, a storage folder of its own;
/// disposing the server stops the process and deletes the folder.
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    public string? Path { get; } = ProcessRunner.FindOnPath(IntegrationPart.Setting("WAKEDOCK_TEST_PROMETHEUS") ?? "prometheus");

    public string? Version { get; private set; }

    public string? Problem { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var probe = await ToolProbe.ProbeAsync(Path, "prometheus is not on PATH (Debian package prometheus)");
        (Version, Problem) = (probe.Version, probe.Problem);
    }

    public void Require() => IntegrationPart.Require("Prometheus", Problem);

    /// <summary>Starts a server with <paramref name="configYaml"/> (written to <c>prometheus.yml</c> in its folder) and waits until it is ready.</summary>
    public async Task<PrometheusServer> StartAsync(string configYaml, CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("wakedock-prometheus-").FullName;
        var config = System.IO.Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml, cancellationToken);
        var port = FreePort.Next();
        var info = new ProcessStartInfo(Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={System.IO.Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle", "--log.level=warn",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var server = new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}/"), folder);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A Prometheus server this test run started, and its HTTP API.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    internal PrometheusServer(Process process, Uri url, string folder)
    {
        _process = process;
        _folder = folder;
        Url = url;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary><c>GET /api/v1/query</c>: the <c>data</c> of a successful answer; throws with Prometheus's error otherwise.</summary>
    public async Task<JsonElement> QueryAsync(string promql, CancellationToken cancellationToken = default)
        => await GetDataAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}", cancellationToken);

    /// <summary>A successful API answer's <c>data</c> (<c>api/v1/targets</c>, <c>api/v1/rules</c>, …).</summary>
    public async Task<JsonElement> GetDataAsync(string relative, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(relative, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            throw new PrometheusQueryException($"{relative}: {(int)response.StatusCode} {body}");
        }

        return body.GetProperty("data").Clone();
    }

    internal async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await _http.GetAsync("-/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Prometheus was not ready within {timeout}:\n{Log}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await TempFolder.DeleteAsync(_folder);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}

/// <summary>Prometheus's API answered with an error (a bad query, an unknown endpoint).</summary>
public sealed class PrometheusQueryException(string message) : Exception(message);
