using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.Publishing;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>The agent embedded in a test host, as the functions host embeds it, handing batches to a <see cref="CollectingSink"/>.</summary>
internal sealed class InProcessAgent : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TempDirectory _data = new();

    private InProcessAgent(string dockerHost, double intervalSeconds, IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WakeDock:Agent:DockerHost"] = dockerHost,
            ["WakeDock:Agent:IntervalSeconds"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WakeDock:Agent:HostName"] = "test-host",
            ["WakeDock:Agent:DataDirectory"] = _data.Path,
            ["WakeDock:Agent:Publisher:Target"] = "InProcess",
            ["WakeDock:Agent:Spool:InitialBackoffSeconds"] = "0.2",
            ["WakeDock:Agent:Spool:MaxBackoffSeconds"] = "1",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.AddSimpleConsole();
        builder.Services.AddSingleton<IMeterFactory>(Meters);
        builder.Services.AddSingleton<IBatchSink>(Sink);
        builder.Services.AddEdgeAgent(builder.Configuration);
        _host = builder.Build();
    }

    public CollectingSink Sink { get; } = new();

    public TestMeterFactory Meters { get; } = new();

    public static async Task<InProcessAgent> StartAsync(string dockerHost, double intervalSeconds = 1, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var agent = new InProcessAgent(dockerHost, intervalSeconds, settings);
        await agent._host.StartAsync();
        return agent;
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
        Meters.Dispose();
        _data.Dispose();
    }
}
