using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Collection;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Sampling;

namespace WakeDock.EdgeAgent.Cli;

/// <summary>
/// <c>--once</c>: one batch of samples of every running container, printed as JSONL (one sample a
/// line) on stdout, for ops and tests. CPU needs two readings: they are taken one second apart.
/// Sequence numbers start at 1 and are not the agent's (nothing is published).
/// </summary>
public static class OnceCommand
{
    public const string Flag = "--once";
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <returns>0, 2 when the Docker socket is missing or not permitted, 1 on other failures.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a != Flag)])
            .Build();
        var options = new AgentOptions();
        configuration.GetSection(AgentOptions.SectionName).Bind(options);
        AgentEnvironment.Apply(options, configuration);
        if (new AgentOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            await error.WriteLineAsync("wakedock-agent: invalid settings: " + invalid.FailureMessage);
            return 1;
        }

        using var meters = new OnceMeterFactory();
        var metrics = new AgentMetrics(meters);
        using var docker = new DockerEngineClient(DockerEndpoint.Parse(options.DockerHost), TimeSpan.FromSeconds(options.DockerTimeoutSeconds), metrics);
        var wrapped = Options.Create(options);
        var containers = new MonitoredContainers(metrics);
        var sampler = new ContainerSampler(docker, containers, new CgroupStatsSource(options), metrics, wrapped, TimeProvider.System, NullLogger<ContainerSampler>.Instance);
        var discovery = new ContainerDiscovery(docker, containers, sampler, TimeProvider.System);
        try
        {
            await discovery.ReconcileAsync(cancellationToken);
            await Task.Delay(Window, cancellationToken);
            var samples = await sampler.SampleAsync(containers.Snapshot(), cancellationToken);
            var batch = new BatchFactory(wrapped, new SequenceAllocator(null), TimeProvider.System).Create(samples, [], reads: sampler.Reads.Take());
            foreach (var sample in batch.Data!.Samples)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(sample, WakeDockJson.Context.ContainerSample));
            }

            await output.FlushAsync(cancellationToken);
            return 0;
        }
        catch (DockerUnavailableException e)
        {
            await error.WriteLineAsync("wakedock-agent: " + e.Message);
            return e.IsConfigurationError ? 2 : 1;
        }
        catch (Exception e) when (EngineConnectivity.IsOutage(e) || e is NotSupportedException)
        {
            await error.WriteLineAsync("wakedock-agent: " + e.Message);
            return 1;
        }
    }

    private sealed class OnceMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(meter => meter.Dispose());
    }
}
