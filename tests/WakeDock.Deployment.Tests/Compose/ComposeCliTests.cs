using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Compose;

/// <summary>The compose files validated by Docker Compose itself (<c>docker-compose config</c>, Debian's package), which needs no engine.</summary>
public sealed class ComposeCliTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["WAKEDOCK_HOST_NAME"] = "docker-host-1",
        ["WAKEDOCK_REDIS_PASSWORD"] = "redis-secret",
        ["WAKEDOCK_DAPR_API_TOKEN"] = "dapr-token",
        ["WAKEDOCK_APP_API_TOKEN"] = "app-token",
        ["WAKEDOCK_GRAFANA_ADMIN_PASSWORD"] = "grafana-secret",
        ["WAKEDOCK_REDIS_ADDRESS"] = "192.0.2.10",
    };

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData("docker-compose.agent.yml")]
    public async Task DockerComposeAcceptsTheFileAndResolvesTheAgentsAppId(string file)
    {
        var compose = ProcessRunner.FindOnPath("docker-compose");
        IntegrationPart.Require("docker-compose", compose is null ? "docker-compose is not on PATH (Debian package docker-compose)" : null);

        var result = await ProcessRunner.RunAsync(compose!, ["-f", RepoFiles.PathOf(file), "config"], environment: Settings,
            timeout: TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Combined);
        Assert.Contains("- wakedock-agent-docker-host-1", result.StandardOutput);
        Assert.Contains("network_mode: service:agent", result.StandardOutput);
    }

    [Fact]
    public async Task DockerComposeRefusesToStartWithoutTheSecrets()
    {
        var compose = ProcessRunner.FindOnPath("docker-compose");
        IntegrationPart.Require("docker-compose", compose is null ? "docker-compose is not on PATH (Debian package docker-compose)" : null);
        var withoutToken = Settings.Where(s => s.Key != "WAKEDOCK_DAPR_API_TOKEN").ToDictionary();

        var result = await ProcessRunner.RunAsync(compose!, ["-f", RepoFiles.PathOf("docker-compose.yml"), "config", "-q"], environment: withoutToken,
            timeout: TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("set it in .env", result.Combined);
    }
}
