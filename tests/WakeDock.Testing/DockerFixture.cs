using System.Globalization;
using System.Text.Json;
using Xunit;

namespace WakeDock.Testing;

/// <summary>A container the fixture started; removed when the fixture is disposed.</summary>
public sealed record TestContainer(string Id, string Name);

/// <summary>What <c>docker stats --no-stream</c> printed for one container.</summary>
public sealed record CliStats(double CpuPercent, long MemoryUsageBytes, long MemoryLimitBytes, int Pids);

/// <summary>
/// The real Docker engine of the test run (<c>DOCKER_HOST</c>), driven through the docker CLI:
/// starts labelled test containers from the local busybox image and removes every one of them
/// when disposed, whatever the tests did.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string TestLabel = "wakedock.test";
    private const string RunLabel = "wakedock.test.run";
    private int _counter;

    public string Image { get; } = IntegrationPart.Setting("WAKEDOCK_TEST_IMAGE") ?? "wakedock-test/busybox:latest";

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..10];

    /// <summary>The engine address, as the agent would be given it.</summary>
    public string DockerHost { get; } = IntegrationPart.Setting("DOCKER_HOST") ?? "unix:///var/run/docker.sock";

    public string? ApiVersion { get; private set; }

    public string? Problem { get; private set; }

    private string Cli { get; } = ProcessRunner.FindOnPath("docker") ?? "docker";

    public async ValueTask InitializeAsync()
    {
        if (ProcessRunner.FindOnPath("docker") is null)
        {
            Problem = "the docker CLI is not on PATH";
            return;
        }

        var version = await ProcessRunner.RunAsync(Cli, ["version", "--format", "{{.Server.APIVersion}}"], timeout: TimeSpan.FromSeconds(20));
        if (version.ExitCode != 0)
        {
            Problem = $"no Docker engine answers at {DockerHost}: {version.StandardError.Trim()}";
            return;
        }

        ApiVersion = version.StandardOutput.Trim();
        var image = await ProcessRunner.RunAsync(Cli, ["image", "inspect", "--format", "{{.Id}}", Image], timeout: TimeSpan.FromSeconds(20));
        if (image.ExitCode != 0)
        {
            Problem = $"the test image {Image} is missing from the engine at {DockerHost} (scripts/test.sh builds it with docker import)";
        }
    }

    public void Require() => IntegrationPart.Require("Docker engine", Problem);

    /// <summary>A container that sleeps and uses next to nothing.</summary>
    public Task<TestContainer> StartIdleAsync(string kind = "idle", IEnumerable<string>? runOptions = null)
        => StartAsync(kind, ["sleep", "3600"], runOptions);

    /// <summary>A container that spins one core at 100 %.</summary>
    public Task<TestContainer> StartCpuBurnerAsync(string kind = "burner", IEnumerable<string>? runOptions = null)
        => StartAsync(kind, ["sh", "-c", "while :; do :; done"], runOptions);

    /// <summary>
    /// A container holding <paramref name="megabytes"/> MiB in a tmpfs it filled itself, so the pages
    /// are charged to its memory cgroup; returns once the memory is held.
    /// </summary>
    public async Task<TestContainer> StartMemoryHolderAsync(int megabytes, string kind = "memory", IEnumerable<string>? runOptions = null)
    {
        var options = new List<string> { "--tmpfs", $"/hold:rw,size={megabytes + 16}m" };
        options.AddRange(runOptions ?? []);
        var container = await StartAsync(kind, ["sh", "-c", $"dd if=/dev/zero of=/hold/block bs=1048576 count={megabytes} 2>/dev/null && touch /hold/ready && exec sleep 3600"], options);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await ProcessRunner.RunAsync(Cli, ["exec", container.Id, "test", "-f", "/hold/ready"])).ExitCode != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{container.Name} did not fill {megabytes} MiB within 30 s.");
            }

            await Task.Delay(100);
        }

        return container;
    }

    /// <summary>Starts a labelled container of the test image running <paramref name="command"/>.</summary>
    public async Task<TestContainer> StartAsync(string kind, IEnumerable<string> command, IEnumerable<string>? runOptions = null)
    {
        Require();
        var name = $"wdt-{RunId}-{Interlocked.Increment(ref _counter)}-{kind}";
        var arguments = new List<string> { "run", "-d", "--name", name, "--label", $"{TestLabel}=1", "--label", $"{RunLabel}={RunId}" };
        arguments.AddRange(runOptions ?? []);
        arguments.Add(Image);
        arguments.AddRange(command);
        var id = (await DockerAsync([.. arguments])).Trim();
        return new TestContainer(id, name);
    }

    /// <summary>Creates a user-defined network, removed with the fixture.</summary>
    public async Task<string> CreateNetworkAsync(string kind = "net")
    {
        Require();
        var name = $"wdt-{RunId}-{Interlocked.Increment(ref _counter)}-{kind}";
        await DockerAsync("network", "create", "--label", $"{TestLabel}=1", "--label", $"{RunLabel}={RunId}", name);
        return name;
    }

    /// <summary><c>docker stats --no-stream</c> for one container, parsed.</summary>
    public async Task<CliStats> CliStatsAsync(string containerId)
    {
        var json = await DockerAsync("stats", "--no-stream", "--format", "{{json .}}", containerId);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var memory = root.GetProperty("MemUsage").GetString()!.Split('/', StringSplitOptions.TrimEntries);
        return new CliStats(
            double.Parse(root.GetProperty("CPUPerc").GetString()!.TrimEnd('%'), CultureInfo.InvariantCulture),
            ParseSize(memory[0]),
            ParseSize(memory[1]),
            int.Parse(root.GetProperty("PIDs").GetString()!, CultureInfo.InvariantCulture));
    }

    /// <summary>Runs the docker CLI against the test engine; throws with its stderr when it fails.</summary>
    public async Task<string> DockerAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(Cli, arguments, timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }

    public async ValueTask DisposeAsync()
    {
        if (ApiVersion is null)
        {
            return;
        }

        var filter = $"label={RunLabel}={RunId}";
        var containers = (await ProcessRunner.RunAsync(Cli, ["ps", "-aq", "--filter", filter])).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (containers.Length > 0)
        {
            await ProcessRunner.RunAsync(Cli, ["rm", "-f", "-v", .. containers], timeout: TimeSpan.FromMinutes(2));
        }

        var networks = (await ProcessRunner.RunAsync(Cli, ["network", "ls", "-q", "--filter", filter])).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (networks.Length > 0)
        {
            await ProcessRunner.RunAsync(Cli, ["network", "rm", .. networks]);
        }
    }

    /// <summary>Parses the CLI's human sizes: <c>64MiB</c>, <c>1.944GiB</c>, <c>12kB</c>, <c>0B</c>.</summary>
    public static long ParseSize(string text)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB", "kB", "KB", "MB", "GB", "TB", "B"];
        foreach (var unit in units)
        {
            if (text.EndsWith(unit, StringComparison.Ordinal))
            {
                var number = double.Parse(text[..^unit.Length], CultureInfo.InvariantCulture);
                double factor = unit switch
                {
                    "KiB" => 1024, "MiB" => 1024 * 1024, "GiB" => 1024d * 1024 * 1024, "TiB" => 1024d * 1024 * 1024 * 1024,
                    "kB" or "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, "TB" => 1e12,
                    _ => 1,
                };
                return (long)Math.Round(number * factor);
            }
        }

        throw new FormatException($"Not a docker CLI size: '{text}'.");
    }
}
