using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Collection;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.HostStats;
using WakeDock.EdgeAgent.Logs;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Spool;

namespace WakeDock.EdgeAgent.Hosting;

public static class EdgeAgentServiceCollectionExtensions
{
    /// <summary>
    /// The agent as hosted services, without any HTTP surface: the collection loop, the event
    /// watcher and the delivery pump, plus <see cref="IAgentControl"/> and <see cref="IContainerLogs"/>
    /// for the host's API. With <c>Publisher:Target = InProcess</c> the host registers an
    /// <see cref="IBatchSink"/>. Settings are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddEdgeAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>()
            .Bind(configuration.GetSection(AgentOptions.SectionName))
            .PostConfigure(options => AgentEnvironment.Apply(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<AgentMetrics>();
        services.TryAddSingleton(provider =>
        {
            var options = Options(provider);
            return new DockerEngineClient(DockerEndpoint.Parse(options.DockerHost), TimeSpan.FromSeconds(options.DockerTimeoutSeconds),
                provider.GetRequiredService<AgentMetrics>(), options.Concurrency + 4);
        });
        services.TryAddSingleton(provider => new SequenceAllocator(Path.Combine(Options(provider).DataDirectory, "sequence")));
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<BatchSpool>(provider,
            Path.Combine(Options(provider).DataDirectory, "spool"), Options(provider).Spool.MaxBytes));

        services.TryAddSingleton(provider =>
        {
            var source = new CgroupStatsSource(Options(provider));
            provider.GetRequiredService<AgentMetrics>().StatsModeChosen(source.Mode);
            return source;
        });
        services.TryAddSingleton<HostMonitor>();
        services.TryAddSingleton<MonitoredContainers>();
        services.TryAddSingleton<EventInbox>();
        services.TryAddSingleton<EngineConnectivity>();
        services.TryAddSingleton<ContainerSampler>();
        services.TryAddSingleton<ContainerDiscovery>();
        services.TryAddSingleton<BatchFactory>();
        services.TryAddSingleton<BatchOutbox>();
        services.TryAddSingleton<ICollectionCycle, CollectionCycle>();
        services.TryAddSingleton<AgentControl>();
        services.TryAddSingleton<IAgentControl>(provider => provider.GetRequiredService<AgentControl>());
        services.TryAddSingleton<IContainerLogs, ContainerLogReader>();
        services.AddContainerActions(configuration);
        services.TryAddSingleton<ControlCommandReceiver>();
        services.TryAddSingleton<IBatchPublisher>(CreatePublisher);

        services.AddHostedService<ContainerEventWatcher>();
        services.AddHostedService<CollectionLoop>();
        services.AddHostedService<DeliveryPump>();
        services.AddHostedService<DaprControlSubscription>();
        return services;
    }

    private static AgentOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<AgentOptions>>().Value;

    private static IBatchPublisher CreatePublisher(IServiceProvider provider)
    {
        var options = Options(provider).Publisher;
        return options.Target switch
        {
            PublisherTarget.Dapr => new DaprPublisher(options),
            PublisherTarget.DaprGrpc => new DaprGrpcPublisher(options),
            PublisherTarget.DaprQueueBinding => new DaprQueueBindingPublisher(options),
            PublisherTarget.Http => new HttpIngestPublisher(options),
            _ => new InProcessPublisher(provider.GetService<IBatchSink>()
                 ?? throw new InvalidOperationException(
                     "WakeDock:Agent:Publisher:Target is InProcess but no IBatchSink is registered: the embedding host must register one.")),
        };
    }
}
