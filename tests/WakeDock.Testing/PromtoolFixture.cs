using Xunit;

namespace WakeDock.Testing;

/// <summary>Prometheus's <c>promtool</c> (<c>WAKEDOCK_TEST_PROMTOOL</c> or on PATH): checks exposition text and rule files.</summary>
public sealed class PromtoolFixture : IAsyncLifetime
{
    public string? Path { get; } = ProcessRunner.FindOnPath(IntegrationPart.Setting("WAKEDOCK_TEST_PROMTOOL") ?? "promtool");

    public string? Version { get; private set; }

    public string? Problem { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var probe = await ToolProbe.ProbeAsync(Path, "promtool is not on PATH (Debian package prometheus)");
        (Version, Problem) = (probe.Version, probe.Problem);
    }

    public void Require() => IntegrationPart.Require("promtool", Problem);

    /// <summary><c>promtool check metrics</c> on an exposition text.</summary>
    public Task<ProcessResult> CheckMetricsAsync(string exposition)
        => ProcessRunner.RunAsync(Path!, ["check", "metrics"], standardInput: exposition, timeout: TimeSpan.FromSeconds(30));

    /// <summary><c>promtool check rules</c> on a rule file.</summary>
    public Task<ProcessResult> CheckRulesAsync(string ruleFile)
        => ProcessRunner.RunAsync(Path!, ["check", "rules", ruleFile], timeout: TimeSpan.FromSeconds(30));

    /// <summary><c>promtool test rules</c> on a rule test file.</summary>
    public Task<ProcessResult> TestRulesAsync(string testFile)
        => ProcessRunner.RunAsync(Path!, ["test", "rules", testFile], timeout: TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
