using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>
/// The worker process, started as <c>func</c> starts a dotnet-isolated worker: <c>dotnet &lt;app&gt;.dll</c> in the app
/// folder (worker.config.json's <c>defaultWorkerPath</c>), the app settings in its environment, and the gRPC
/// endpoint in both the older (<c>--host --port --workerId --requestId --grpcMaxMessageLength</c>) and the newer
/// (<c>--functions-uri --functions-worker-id --functions-request-id --functions-grpc-max-message-length</c>) arguments.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        _process = process;
        // a test run that ends without disposing its host (a crash of the test, not of the worker) takes the worker with it
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    /// <summary>Completes with the exit code when the worker ends.</summary>
    public Task<int> Exited => _exited.Task;

    public static WorkerProcess Start(FunctionsTestHostOptions options, Uri grpcUri, string workerId, string requestId, WorkerLog log)
    {
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(appDirectory, WorkerAssembly(appDirectory)));
        var maxMessageLength = options.GrpcMaxMessageLength.ToString(CultureInfo.InvariantCulture);
        string[] arguments =
        [
            "--host", grpcUri.Host, "--port", grpcUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxMessageLength,
            "--functions-uri", grpcUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxMessageLength,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.AppSettings)
        {
            info.Environment[name] = value;
        }

        info.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        info.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        info.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        info.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        if (!options.AppSettings.ContainsKey("AZURE_FUNCTIONS_ENVIRONMENT"))
        {
            info.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Add("stdout", e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Add("stderr", e.Data); } };
        process.Exited += (_, _) => worker._exited.TrySetResult(process.ExitCode);
        if (!process.Start())
        {
            throw new FunctionsHostException($"Could not start dotnet {string.Join(' ', info.ArgumentList)}.");
        }

        log.Add("host", $"started worker pid {process.Id}: dotnet {string.Join(' ', info.ArgumentList)}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>The worker's entry assembly, as worker.config.json names it.</summary>
    public static string WorkerAssembly(string appDirectory)
    {
        var config = Path.Combine(appDirectory, "worker.config.json");
        if (!File.Exists(config))
        {
            throw new FunctionsHostException($"{config} is missing: {appDirectory} is not the build output of an isolated-worker app.");
        }

        return JsonNode.Parse(File.ReadAllText(config))?["description"]?["defaultWorkerPath"]?.GetValue<string>()
            ?? throw new FunctionsHostException($"{config} names no description.defaultWorkerPath.");
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // never started, or already reaped
        }
        finally
        {
            _process.Dispose();
        }
    }
}
