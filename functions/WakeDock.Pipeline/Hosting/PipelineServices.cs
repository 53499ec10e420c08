using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Alerts.Notifications;
using WakeDock.Pipeline.Hosts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Live;
using WakeDock.Pipeline.Observability;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Predictions;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.ScaleOut;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Pipeline.Storage.Local;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Pipeline.Tiers;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Pipeline.Hosting;

/// <summary>The pipeline's services: settings, storage, ingest, thresholds and alerts, tiers, queries, live feed, timers.</summary>
public static class PipelineServices
{
    public static IServiceCollection AddWakeDockPipeline(this IServiceCollection services)
    {
        services.AddOptions<WakeDockOptions>().BindConfiguration(WakeDockOptions.Section).ValidateOnStart()
            .PostConfigure<IConfiguration>((options, configuration) => BlobConnection.UseHostStorage(options.Storage.Blob, configuration))
            .PostConfigure(options => options.Storage.WriterId ??= options.ScaleOut.Enabled ? InstanceName.FromEnvironment() : null);
        services.AddSingleton<IValidateOptions<WakeDockOptions>, WakeDockOptionsValidator>();
        services.AddSingleton<IValidateOptions<WakeDockOptions>, BlobOptionsValidator>();
        services.TryAddSingleton(new StoragePathDefault());
        services.AddSingleton<IPostConfigureOptions<WakeDockOptions>>(sp => sp.GetRequiredService<StoragePathDefault>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineMetrics>(sp => new PipelineMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));

        services.AddSingleton<IBlobStore>(CreateStore);
        services.AddSingleton(sp => sp.GetRequiredService<IBlobStore>() as ILeaseStore
            ?? throw new InvalidOperationException("The blob store takes no leases: several instances cannot share it."));
        services.AddSingleton<SegmentArchive>();
        services.AddSingleton(sp =>
        {
            var storage = Settings(sp).Storage;
            var store = sp.GetRequiredService<IBlobStore>();
            return new SegmentLogs(
                new SegmentLog(store, SegmentName.Metrics, storage.WriterId, storage.SegmentBytes),
                new SegmentLog(store, SegmentName.Alerts, storage.WriterId, storage.SegmentBytes));
        });
        services.AddSingleton(sp =>
        {
            var logs = sp.GetRequiredService<SegmentLogs>();
            return new GroupCommitWriter(logs.Metrics, logs.Alerts, sp.GetRequiredService<PipelineMetrics>());
        });
        services.AddSingleton(sp => new SegmentCompactor(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<SegmentArchive>())
        {
            BeforeRawDelete = sp.GetRequiredService<LedgerCheckpoint>().SaveAsync,
        });

        services.AddSingleton(sp => new IngestLedger(Settings(sp).Ingest.RecentEventIds));
        services.AddSingleton<LedgerCheckpoint>();
        services.AddSingleton<DeadLetterLog>();
        services.AddSingleton<IngestActivity>();
        services.AddSingleton<IBatchIngest, BatchIngest>();

        services.AddSingleton<ThresholdStore>();
        services.AddSingleton<ThresholdEvaluator>();
        services.AddSingleton<IBatchEvaluator>(sp => sp.GetRequiredService<ThresholdEvaluator>());
        services.AddSingleton<TrendWatch>();
        services.AddSingleton<DiskWatch>();
        services.AddSingleton<HostBoard>();
        services.AddSingleton<AnomalyWatch>();
        services.AddSingleton<AlertJournal>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<AlertCallbacks>();
        services.AddSingleton<IAlertObserver>(sp => sp.GetRequiredService<LiveFeed>());
        services.AddSingleton<IAlertObserver>(sp => sp.GetRequiredService<AlertCallbacks>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertCallbacks>());
        services.AddHttpClient<AlertWebhooks>(AlertWebhooks.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        services.AddHttpClient<AlertNotifier>(AlertNotifier.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        // needs an INotificationOutbox: the host's (a storage queue under the Functions host, in process in the embedded one)
        services.AddHostedService<AlertNotificationForwarder>();

        services.AddSingleton(sp => new RecentSamples(sp.GetRequiredService<TimeProvider>(), Settings(sp).Storage.HotWindow));
        services.AddSingleton<RawSamples>();
        services.AddSingleton<TierStore>();
        services.AddSingleton<SampleQueries>();
        services.AddSingleton<AlertQueries>();
        services.AddSingleton<ContainerQueries>();
        services.AddSingleton<PipelineStatistics>();
        services.AddSingleton<CollectionHealth>();
        services.AddSingleton<ContainerCpuTime>();
        services.AddSingleton<RaisedAlerts>();

        // What a committed batch feeds, in this order: queries see the samples before the browsers hear of them.
        services.AddSingleton<ICommittedBatchObserver>(sp => sp.GetRequiredService<RecentSamples>());
        services.AddSingleton<ICommittedBatchObserver>(sp => sp.GetRequiredService<ContainerCpuTime>());
        services.AddSingleton<ICommittedBatchObserver>(sp => sp.GetRequiredService<LiveFeed>());
        services.AddSingleton<ICommittedBatchObserver>(sp => sp.GetRequiredService<RaisedAlerts>());
        services.AddSingleton<ICommittedBatchObserver>(sp => sp.GetRequiredService<HostBoard>());

        services.AddSingleton<ITimerFunction, AlertSweepFunction>();
        services.AddSingleton<ITimerFunction, CompactionFunction>();
        services.AddSingleton<ITimerFunction, RollupFunction>();
        services.AddSingleton<ITimerFunction, RetentionFunction>();
        services.AddSingleton(sp => new TimerRunLog(sp.GetRequiredService<IBlobStore>(), shared: Settings(sp).ScaleOut.Enabled));
        services.AddSingleton<TimerRunner>();

        services.AddSingleton<PeerFollower>();
        services.AddSingleton<HostReadingLog>();
        services.AddSingleton<HostPartitions>();
        services.AddSingleton<LeasedTimerTurns>();
        services.AddSingleton<PeerSegments>();
        services.AddSingleton<IHostPartitions>(sp => Settings(sp).ScaleOut.Enabled ? sp.GetRequiredService<HostPartitions>() : new SingleInstancePartitions());
        services.AddSingleton<ITimerTurns>(sp => Settings(sp).ScaleOut.Enabled ? sp.GetRequiredService<LeasedTimerTurns>() : new SingleInstanceTimerTurns());
        services.AddSingleton<ISegmentPeers>(sp => Settings(sp).ScaleOut.Enabled ? sp.GetRequiredService<PeerSegments>() : new NoSegmentPeers());

        services.AddHostedService<PipelineStartup>();
        services.AddHostedService<ScaleOutHost>();
        services.AddHostedService<PipelineShutdown>();
        return services;
    }

    private static WakeDockOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<WakeDockOptions>>().Value;

    private static IBlobStore CreateStore(IServiceProvider services)
    {
        var storage = Settings(services).Storage;
        if (storage.Kind == StorageKind.Local)
        {
            return new LocalFolderStore(storage.Path);
        }

        return new AzureBlobStore(BlobConnection.Connect(storage.Blob));
    }
}

/// <summary>On the way down: waits for the group commit to drain and saves the dedupe ledger.</summary>
public sealed class PipelineShutdown(GroupCommitWriter writer, LedgerCheckpoint checkpoint) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await writer.DisposeAsync();
        await checkpoint.SaveAsync(cancellationToken);
    }
}
