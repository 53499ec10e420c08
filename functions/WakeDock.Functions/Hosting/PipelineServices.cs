using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Alerts;
using WakeDock.Functions.Ingest;
using WakeDock.Functions.Live;
using WakeDock.Functions.Options;
using WakeDock.Functions.Query;
using WakeDock.Functions.Retention;
using WakeDock.Functions.Storage;
using WakeDock.Functions.Storage.Azure;
using WakeDock.Functions.Storage.Local;
using WakeDock.Functions.Telemetry;
using WakeDock.Functions.Thresholds;
using WakeDock.Functions.Tiers;
using WakeDock.Functions.Triggers;

namespace WakeDock.Functions.Hosting;

/// <summary>The pipeline's services: settings, storage, ingest, thresholds and alerts, tiers, queries, live feed, timers.</summary>
public static class PipelineServices
{
    public static IServiceCollection AddWakeDockPipeline(this IServiceCollection services)
    {
        services.AddOptions<WakeDockOptions>().BindConfiguration(WakeDockOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WakeDockOptions>, WakeDockOptionsValidator>();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineMetrics>(sp => new PipelineMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));

        services.AddHttpClient(AzureBlobStore.HttpClientName);
        services.AddSingleton<IBlobStore>(CreateStore);
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
        services.AddSingleton<AlertJournal>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<AlertCallbacks>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertCallbacks>());
        services.AddHttpClient<AlertWebhooks>(AlertWebhooks.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        services.AddHostedService<AlertWebhookForwarder>();

        services.AddSingleton(sp => new RecentSamples(sp.GetRequiredService<TimeProvider>(), Settings(sp).Storage.HotWindow));
        services.AddSingleton<RawSamples>();
        services.AddSingleton<TierStore>();
        services.AddSingleton<SampleQueries>();
        services.AddSingleton<AlertQueries>();
        services.AddSingleton<ContainerQueries>();
        services.AddSingleton<PipelineStatistics>();

        services.AddSingleton<ITimerFunction, AlertSweepFunction>();
        services.AddSingleton<ITimerFunction, CompactionFunction>();
        services.AddSingleton<ITimerFunction, RollupFunction>();
        services.AddSingleton<ITimerFunction, RetentionFunction>();
        services.AddSingleton<TimerRunLog>();
        services.AddSingleton<TimerRunner>();

        services.AddHostedService<PipelineStartup>();
        services.AddHostedService<TimerScheduler>();
        services.AddHostedService<PipelineShutdown>();
        return services;
    }

    public static IEndpointRouteBuilder MapWakeDockTriggers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIngestEndpoints();
        endpoints.MapTimerEndpoints();
        return endpoints;
    }

    private static WakeDockOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<WakeDockOptions>>().Value;

    private static IBlobStore CreateStore(IServiceProvider services)
    {
        var storage = Settings(services).Storage;
        if (storage.Kind == StorageKind.Local)
        {
            return new LocalFolderStore(storage.Path);
        }

        var blob = storage.Blob;
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(AzureBlobStore.HttpClientName);
        return new AzureBlobStore(new BlobRestClient(http, blob.Endpoint!, new SharedKeySigner(blob.AccountName, blob.AccountKey)), blob.Container);
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
