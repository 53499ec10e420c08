using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary><c>--once</c> run as the built agent, the way ops would.</summary>
public sealed class OnceCommandTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task OncePrintsOneSampleLinePerRunningContainerAsJsonl()
    {
        docker.Require();
        var idle = await docker.StartIdleAsync("once");

        var result = await RunAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = docker.DockerHost, ["WAKEDOCK_HOST_NAME"] = "ops-box" });

        Assert.True(result.ExitCode == 0, result.Combined);
        var samples = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize(line, WakeDockJson.Context.ContainerSample)!).ToList();
        var mine = Assert.Single(samples, s => s.ContainerId == idle.Id);
        Assert.Equal(idle.Name, mine.ContainerName);
        Assert.Equal("ops-box", mine.Host);
        Assert.InRange(mine.CpuPercent, 0, 5);
        Assert.True(mine.MemoryUsage > 0);
        Assert.Equal(samples.Count, samples.Select(s => s.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task AMissingSocketExitsWithCodeTwoNamingIt()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"no-engine-{Guid.NewGuid():N}.sock");

        var result = await RunAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = "unix://" + socket });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(socket, result.StandardError);
        Assert.Contains("does not exist", result.StandardError);
        Assert.Empty(result.StandardOutput.Trim());
    }

    [Fact]
    public async Task ASocketThatMayNotBeOpenedExitsWithCodeTwoSayingPermissionDenied()
    {
        docker.Require();
        var setpriv = ProcessRunner.FindOnPath("setpriv");
        Assert.True(setpriv is not null, "setpriv (util-linux) is needed to run the agent as an unprivileged user");
        var engineSocket = WakeDock.EdgeAgent.Docker.DockerEndpoint.Parse(docker.DockerHost).SocketPath!;
        Assert.True(Environment.UserName == "root" || !CanOpen(engineSocket), "the test runs as root, or as a user the socket refuses");

        // nobody may not open a root-owned 0660 socket; the dotnet host and the agent's files are world-readable.
        var result = await ProcessRunner.RunAsync(setpriv!,
            ["--reuid=65534", "--regid=65534", "--clear-groups", ProcessRunner.FindOnPath("dotnet")!, AgentProcess.AgentDll, "--once"],
            environment: new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = docker.DockerHost,
                ["HOME"] = Path.GetTempPath(),
                ["DOTNET_CLI_HOME"] = Path.GetTempPath(),
            },
            timeout: TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 2, result.Combined);
        Assert.Contains(engineSocket, result.StandardError);
        Assert.Contains("permission denied", result.StandardError);
    }

    private static bool CanOpen(string path)
    {
        try
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static Task<ProcessResult> RunAsync(Dictionary<string, string> environment)
        => ProcessRunner.RunAsync(ProcessRunner.FindOnPath("dotnet")!, [AgentProcess.AgentDll, "--once"], environment: environment, timeout: TimeSpan.FromSeconds(60));
}
