using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WakeDock.Testing;

/// <summary>Debian's prometheus-alertmanager: <c>amtool</c> for config checks, the server for end-to-end routing.</summary>
public sealed class AlertmanagerFixture : IAsyncLifetime
{
    public string? AmtoolPath { get; } = ProcessRunner.FindOnPath(IntegrationPart.Setting("WAKEDOCK_TEST_AMTOOL") ?? "amtool");

    public string? ServerPath { get; } = ProcessRunner.FindOnPath(IntegrationPart.Setting("WAKEDOCK_TEST_ALERTMANAGER") ?? "prometheus-alertmanager")
        ?? ProcessRunner.FindOnPath("alertmanager");

    public string? Problem { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var amtool = await ToolProbe.ProbeAsync(AmtoolPath, "amtool is not on PATH (Debian package prometheus-alertmanager)");
        var server = await ToolProbe.ProbeAsync(ServerPath, "alertmanager is not on PATH (Debian package prometheus-alertmanager)");
        Problem = amtool.Problem ?? server.Problem;
    }

    public void Require() => IntegrationPart.Require("Alertmanager", Problem);

    /// <summary>Starts a server with <paramref name="configYaml"/> on a free port and waits until it is ready.</summary>
    public async Task<AlertmanagerServer> StartAsync(string configYaml, CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("wakedock-alertmanager-").FullName;
        var config = Path.Combine(folder, "alertmanager.yml");
        await File.WriteAllTextAsync(config, configYaml, cancellationToken);
        var port = FreePort.Next();
        var info = new ProcessStartInfo(ServerPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var server = new AlertmanagerServer(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {ServerPath}."), new Uri($"http://127.0.0.1:{port}/"), folder);
        try
        {
            await Eventually.TrueAsync(server.IsReadyAsync, TimeSpan.FromSeconds(60), () => $"Alertmanager ready at {server.Url}: {server.Log}", cancellationToken);
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

/// <summary>An Alertmanager this test run started, and its v2 API.</summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    internal AlertmanagerServer(Process process, Uri url, string folder)
    {
        (_process, _folder, Url) = (process, folder, url);
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

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

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary><c>GET /api/v2/alerts</c>: the alerts it holds, with labels and the receivers they were routed to.</summary>
    public async Task<JsonElement> AlertsAsync(CancellationToken cancellationToken = default)
        => await _http.GetFromJsonAsync<JsonElement>("api/v2/alerts", cancellationToken);

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
