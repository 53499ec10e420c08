using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class AgentOptionsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public void TheDefaultsAreTheSpecsFiveSecondsTheLocalSocketAndDapr()
    {
        var options = Resolve(new Dictionary<string, string?>());

        Assert.Equal(5, options.IntervalSeconds);
        Assert.Equal("unix:///var/run/docker.sock", options.DockerHost);
        Assert.Equal(PublisherTarget.Dapr, options.Publisher.Target);
        Assert.Equal(3500, options.Publisher.DaprHttpPort);
        Assert.Equal(256L * 1024 * 1024, options.Spool.MaxBytes);
        Assert.Equal(Environment.MachineName, options.HostName);
    }

    [Fact]
    public void TheDocumentedEnvironmentVariablesWinOverTheSection()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["WakeDock:Agent:IntervalSeconds"] = "30",
            ["WAKEDOCK_METRICS_INTERVAL"] = "2.5",
            ["WAKEDOCK_HOST_NAME"] = "edge-7",
            ["DOCKER_HOST"] = "tcp://127.0.0.1:2375",
            ["DAPR_HTTP_PORT"] = "3601",
            ["DAPR_API_TOKEN"] = "secret",
            ["WakeDock:Agent:Publisher:Target"] = "Http",
            ["WakeDock:Agent:Publisher:IngestUrl"] = "http://functions:7071/ingest/samples",
            ["WakeDock:Agent:Spool:MaxBytes"] = "1048576",
        });

        Assert.Equal(2.5, options.IntervalSeconds);
        Assert.Equal("edge-7", options.HostName);
        Assert.Equal("tcp://127.0.0.1:2375", options.DockerHost);
        Assert.Equal(3601, options.Publisher.DaprHttpPort);
        Assert.Equal("secret", options.Publisher.DaprApiToken);
        Assert.Equal(PublisherTarget.Http, options.Publisher.Target);
        Assert.Equal(1048576, options.Spool.MaxBytes);
    }

    [Theory]
    [InlineData("WAKEDOCK_METRICS_INTERVAL", "soon", "WAKEDOCK_METRICS_INTERVAL")]
    [InlineData("WAKEDOCK_METRICS_INTERVAL", "0", "WAKEDOCK_METRICS_INTERVAL")]
    [InlineData("DOCKER_HOST", "ssh://box", "ssh://box")]
    [InlineData("WakeDock:Agent:Publisher:Target", "Http", "IngestUrl")]
    [InlineData("DAPR_HTTP_PORT", "http", "DAPR_HTTP_PORT")]
    public async Task InvalidSettingsStopTheHostAtStartNamingTheSetting(string key, string value, string named)
    {
        using var host = Host(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task TheInProcessTargetWithoutASinkSaysTheHostMustRegisterOne()
    {
        using var host = Host(new Dictionary<string, string?> { ["WakeDock:Agent:Publisher:Target"] = "InProcess" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(nameof(IBatchSink), error.Message);
    }

    public void Dispose() => _data.Dispose();

    private AgentOptions Resolve(Dictionary<string, string?> settings)
    {
        using var host = Host(settings);
        return host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
    }

    private IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["WakeDock:Agent:DataDirectory"] = _data.Path;
        builder.Services.AddEdgeAgent(builder.Configuration);
        return builder.Build();
    }
}
