using System.Diagnostics;
using System.Text;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Support;

/// <summary>A real child process (the agent or the functions host) whose output is kept for failure messages.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c>, behind <paramref name="prefix"/> when given (e.g. <c>ip netns exec ns</c>).</summary>
    public static ChildProcess StartDotnet(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<string>? prefix = null)
        => Start(name, [.. prefix ?? [], ProcessRunner.FindOnPath("dotnet") ?? "dotnet", dll, .. arguments], environment, Path.GetDirectoryName(dll)!);

    /// <summary>Starts an executable (an apphost) directly.</summary>
    public static ChildProcess StartExecutable(string name, string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
        => Start(name, [executable, .. arguments], environment, Path.GetDirectoryName(executable)!);

    private static ChildProcess Start(string name, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start.");
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until <c>GET <paramref name="health"/></c> answers 2xx; fails with the output if the process exits first.</summary>
    public async Task WaitHealthyAsync(Uri health, TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before {health} answered:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name}: {health} did not answer within {within}:\n{Tail()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', Output.Split('\n').TakeLast(lines));

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
