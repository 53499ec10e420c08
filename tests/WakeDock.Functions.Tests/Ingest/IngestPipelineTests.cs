using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Functions.Live;
using WakeDock.Pipeline.Live;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Storage.Local;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Ingest;

/// <summary>The ingest service as the embedded agent calls it, in-process, through the real host.</summary>
public sealed class IngestPipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedeliveryAfterARestartIsNotStoredTwice()
    {
        var folder = TempFolder.Create("restart");
        try
        {
            var batch = Samples.NumberedBatch(1, 5, DateTimeOffset.UtcNow);
            await using (var first = FunctionsApplication.Create(folder))
            {
                Assert.Equal(IngestOutcome.Stored(5), await first.Service<IBatchIngest>().IngestAsync(batch, IngestOrigin.InProcess, Ct));
            }

            await using var second = FunctionsApplication.Create(folder);
            var ingest = second.Service<IBatchIngest>();

            Assert.True((await ingest.IngestAsync(batch, IngestOrigin.InProcess, Ct)).Duplicate);
            Assert.True((await ingest.IngestAsync(batch with { Id = "same-samples-new-id" }, IngestOrigin.InProcess, Ct)).Duplicate);
            Assert.Equal(5, (await second.Service<SampleQueries>().QueryAsync(new SampleQuery { From = DateTimeOffset.UtcNow.AddHours(-1), To = DateTimeOffset.UtcNow.AddHours(1) }, Ct)).Samples.Count);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task UnavailableStorageAnswersRetryAndTheRetryIsStoredOnce()
    {
        var failing = new FailingStore();
        await using var app = FunctionsApplication.Create(services: s => s.Replace(ServiceDescriptor.Singleton<IBlobStore>(sp =>
        {
            failing.Inner = new LocalFolderStore(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WakeDock.Pipeline.Options.WakeDockOptions>>().Value.Storage.Path);
            return failing;
        })));
        var ingest = app.Service<IBatchIngest>();
        var batch = Samples.NumberedBatch(1, 4, DateTimeOffset.UtcNow);

        failing.Failing = true;
        var refused = await ingest.IngestAsync(batch, IngestOrigin.Dapr, Ct);
        var malformedWhileDown = await ingest.IngestAsync(batch with { Type = "wrong" }, IngestOrigin.Dapr, Ct);
        failing.Failing = false;
        var stored = await ingest.IngestAsync(batch, IngestOrigin.Dapr, Ct);

        Assert.Equal(IngestStatus.Retry, refused.Status);
        Assert.Equal(IngestStatus.Retry, malformedWhileDown.Status);
        Assert.Equal(IngestOutcome.Stored(4), stored);
        Assert.Equal(4, Directory.GetFiles(app.StoragePath, "metrics_*.jsonl").Sum(f => File.ReadAllLines(f).Length));
    }

    [Fact]
    public async Task ABatchCrossingALevelWritesTheAlertAndFeedsSubscribers()
    {
        await using var app = FunctionsApplication.Create();
        using var subscription = app.Service<LiveFeed>().Subscribe();
        var received = new List<AlertRecord>();
        using var callback = app.Service<AlertCallbacks>().Add((record, _) =>
        {
            lock (received)
            {
                received.Add(record);
            }

            return Task.CompletedTask;
        });
        var at = DateTimeOffset.UtcNow;

        await app.Service<IBatchIngest>().IngestAsync(Samples.Batch("hot", [Samples.Of("abc123", at, cpu: 95, sequence: 1)]), IngestOrigin.InProcess, Ct);

        var alerts = await app.Service<AlertQueries>().QueryAsync(new AlertQuery { Level = AlertLevel.Critical, From = at.AddHours(-24), To = at.AddMinutes(1) }, Ct);
        Assert.Equal("CPU critique: 95.0% (seuil: 90%)", Assert.Single(alerts).Message);
        Assert.True(subscription.Updates.TryRead(out var first));
        Assert.True(subscription.Updates.TryRead(out var second));
        Assert.Equal("abc123", Assert.Single(Assert.IsType<SamplesAccepted>(first).Samples).ContainerId);
        Assert.Equal(AlertChange.Fired, Assert.IsType<AlertChanged>(second).Record.Change);
        await WaitUntil(() => { lock (received) { return received.Count == 1; } });
        Assert.Empty(await app.Service<AlertQueries>().QueryAsync(new AlertQuery { Level = AlertLevel.Warning, From = at.AddHours(-24), To = at.AddMinutes(1) }, Ct));
    }

    [Fact]
    public async Task ASlowSubscriberLosesItsOldestUpdatesNotTheIngest()
    {
        await using var app = FunctionsApplication.Create();
        using var slow = app.Service<LiveFeed>().Subscribe(new LiveSubscriptionOptions(Capacity: 2));
        var ingest = app.Service<IBatchIngest>();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(IngestStatus.Success, (await ingest.IngestAsync(Samples.NumberedBatch(i * 10 + 1, 1, DateTimeOffset.UtcNow), IngestOrigin.InProcess, Ct)).Status);
        }

        Assert.Equal(3, slow.Dropped);
        Assert.True(slow.Updates.TryRead(out var oldestKept));
        Assert.Equal(31, Assert.IsType<SamplesAccepted>(oldestKept).Samples[0].Sequence);
    }

    [Fact]
    public async Task ThresholdsSetAtRunTimeSurviveARestart()
    {
        var folder = TempFolder.Create("thresholds");
        try
        {
            await using (var first = FunctionsApplication.Create(folder))
            {
                await first.Service<ThresholdStore>().PutAsync(new Threshold { MetricType = MetricType.CpuPercent, WarningThreshold = 75, CriticalThreshold = 90 }, Ct);
                await first.Service<ThresholdStore>().PutAsync(new Threshold { MetricType = MetricType.MemoryPercent, WarningThreshold = 10, CriticalThreshold = 20, ServiceName = "db" }, Ct);
            }

            await using var second = FunctionsApplication.Create(folder);
            var thresholds = second.Service<ThresholdStore>();

            Assert.Equal(75, thresholds.Get(MetricType.CpuPercent).WarningThreshold);
            Assert.Equal(10, thresholds.Resolve(MetricType.MemoryPercent, "any", "db").WarningThreshold);
            Assert.Equal(80, thresholds.Resolve(MetricType.MemoryPercent, "any", "web").WarningThreshold);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task AFiringEpisodeSurvivesARestartAndResolvesUnderItsId()
    {
        var folder = TempFolder.Create("episodes");
        try
        {
            var at = DateTimeOffset.UtcNow;
            await using (var first = FunctionsApplication.Create(folder))
            {
                await first.Service<IBatchIngest>().IngestAsync(Samples.Batch("a", [Samples.Of("abc123", at, cpu: 95, sequence: 1)]), IngestOrigin.InProcess, Ct);
            }

            await using var second = FunctionsApplication.Create(folder);
            await second.Service<IBatchIngest>().IngestAsync(Samples.Batch("b", [Samples.Of("abc123", at.AddSeconds(5), cpu: 96, sequence: 2)]), IngestOrigin.InProcess, Ct);
            await second.Service<IBatchIngest>().IngestAsync(Samples.Batch("c", [Samples.Of("abc123", at.AddSeconds(10), cpu: 5, sequence: 3)]), IngestOrigin.InProcess, Ct);

            var alerts = await second.Service<AlertQueries>().QueryAsync(new AlertQuery { From = at.AddMinutes(-1), To = at.AddMinutes(1) }, Ct);
            Assert.Equal([AlertState.Resolved, AlertState.Firing], alerts.Select(a => a.State));
            Assert.Equal(alerts[1].Id, alerts[0].Id);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private static Task WaitUntil(Func<bool> condition) => Eventually.TrueAsync(condition, "the condition", seconds: 5);

    /// <summary>A store that can be switched off, as storage that stops answering.</summary>
    private sealed class FailingStore : IBlobStore
    {
        public LocalFolderStore Inner { get; set; } = null!;

        public bool Failing { get; set; }

        public string Location => Inner.Location;

        public IAsyncEnumerable<StoredBlob> ListAsync(string prefix, CancellationToken cancellationToken = default) => Inner.ListAsync(prefix, cancellationToken);

        public Task<long> AppendAsync(string name, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken = default)
            => Failing ? throw new IOException("disk unplugged") : Inner.AppendAsync(name, lines, cancellationToken);

        public Task<byte[]?> ReadAsync(string name, long offset = 0, long? length = null, CancellationToken cancellationToken = default) => Inner.ReadAsync(name, offset, length, cancellationToken);

        public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
            => Failing ? throw new IOException("disk unplugged") : Inner.WriteAsync(name, content, cancellationToken);

        public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) => Inner.DeleteAsync(name, cancellationToken);

        public Task RepairTailAsync(string name, long completeLength, CancellationToken cancellationToken = default) => Inner.RepairTailAsync(name, completeLength, cancellationToken);

        public ValueTask ReleaseAsync(string name) => Inner.ReleaseAsync(name);
    }
}
