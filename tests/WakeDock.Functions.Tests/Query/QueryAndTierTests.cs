using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Query;

/// <summary>Queries through the host on a fake clock: hot tier, raw and compacted segments, rollup tiers, retention.</summary>
public sealed class QueryAndTierTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 16, 12, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>abc123 every 5 s over the last 4 hours, CPU following the minute of the hour; def456 every 5 s over the last 10 minutes.</summary>
    private static async Task<List<ContainerSample>> FillAsync(IBatchIngest ingest)
    {
        var samples = new List<ContainerSample>();
        var sequence = 0L;
        for (var at = Now.AddHours(-4); at <= Now; at = at.AddSeconds(5))
        {
            samples.Add(Samples.Of("abc123", at, cpu: at.Minute + at.Second / 100.0, sequence: ++sequence));
            if (at >= Now.AddMinutes(-10))
            {
                samples.Add(Samples.Of("def456", at, cpu: 1, service: "db", sequence: ++sequence) with { NetworkRxBytes = 3 * 1024 * 1024 });
            }
        }

        foreach (var chunk in samples.Chunk(100))
        {
            Assert.Equal(IngestStatus.Success, (await ingest.IngestAsync(Samples.Batch($"b{chunk[0].Sequence}", chunk), IngestOrigin.InProcess, Ct)).Status);
        }

        return samples;
    }

    [Fact]
    public async Task EachWindowIsServedFromTheRightPlace()
    {
        var clock = new ManualTimeProvider(Now);
        await using var app = FunctionsApplication.Create(time: clock);
        var written = await FillAsync(app.Service<IBatchIngest>());
        var queries = app.Service<SampleQueries>();
        var runner = app.Service<TimerRunner>();

        var lastHour = await queries.QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddHours(-1), To = Now, Limit = 5 }, Ct);
        Assert.Equal(("raw", true), (lastHour.Resolution, lastHour.Truncated));
        Assert.Equal(written.Where(s => s.ContainerId == "abc123").OrderByDescending(s => s.Timestamp).Take(5), lastHour.Samples);

        var everyContainer = await queries.QueryAsync(new SampleQuery { From = Now.AddMinutes(-5), To = Now, Limit = 10_000 }, Ct);
        Assert.Equal(2 * 61, everyContainer.Samples.Count);
        Assert.Equal(61, (await queries.QueryAsync(new SampleQuery { ServiceName = "db", From = Now.AddMinutes(-5), To = Now, Limit = 10_000 }, Ct)).Samples.Count);

        var cold = await queries.QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddHours(-4), To = Now.AddHours(-3).AddTicks(-1), Limit = 10_000 }, Ct);
        Assert.Equal(720, cold.Samples.Count);
        var acrossTheHotFloor = await queries.QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddHours(-4), To = Now, Limit = 2000 }, Ct);
        Assert.Equal(written.Where(s => s.ContainerId == "abc123").OrderByDescending(s => s.Timestamp).Take(2000), acrossTheHotFloor.Samples);
        Assert.True(acrossTheHotFloor.Truncated);
        var newestOfAll = await queries.QueryAsync(new SampleQuery { From = Now.AddHours(-4), To = Now, Limit = 150 }, Ct);
        Assert.Equal(written.OrderByDescending(s => s.Timestamp).ThenBy(s => s.ContainerId).Take(150).Select(s => (s.ContainerId, s.Timestamp)).Order(),
            newestOfAll.Samples.Select(s => (s.ContainerId, s.Timestamp)).Order());

        Assert.Equal("ran", (await runner.RunAsync(TriggerTable.Rollup, "test", Ct, waitIfRunning: true)).Status);
        var chart = await queries.QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddHours(-2.5), To = Now, Limit = 10, Order = SampleOrder.Downsampled }, Ct);
        Assert.Equal(("15m", TimeSpan.FromMinutes(15)), (chart.Resolution, chart.Step!.Value));
        var minutes = await queries.QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddHours(-2.5), To = Now, Limit = 30, Order = SampleOrder.Downsampled }, Ct);
        Assert.Equal(("1m", 30), (minutes.Resolution, minutes.Samples.Count));
        var hours = await queries.QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddHours(-2.5), To = Now, Limit = 2, Order = SampleOrder.Downsampled }, Ct);
        Assert.Equal(("1h", 2), (hours.Resolution, hours.Samples.Count));
        Assert.Equal(10, chart.Samples.Count);
        var expectedFirst = written.Where(s => s.ContainerId == "abc123" && s.Timestamp >= Now.AddHours(-2.5) && s.Timestamp < Now.AddHours(-2.25)).Average(s => s.CpuPercent);
        Assert.Equal(Math.Round(expectedFirst, 2), chart.Samples[0].CpuPercent, 1);
        Assert.Equal(Now.AddHours(-2.5), chart.Samples[0].Timestamp);
        var band = chart.Points![0];
        Assert.Equal((0.0, 14.55), (band.CpuPercent.Min, band.CpuPercent.Max));

        var fine = await queries.QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddMinutes(-10), To = Now, Limit = 20, Order = SampleOrder.Downsampled }, Ct);
        Assert.Equal(("raw", 20), (fine.Resolution, fine.Samples.Count));

        var containers = app.Service<ContainerQueries>().List(new ContainerQuery());
        Assert.Equal(["abc123", "def456"], containers.Select(c => c.ContainerId));
        Assert.Equal((Now, 3.0, "db"), (containers[1].LastUpdate, containers[1].NetworkRxMb, containers[1].ServiceName));
        var statistics = app.Service<PipelineStatistics>().Snapshot();
        Assert.Equal((written.Count, 1.0, 2), (statistics.SamplesTotal, statistics.SuccessRate, statistics.MonitoredContainers));
    }

    [Fact]
    public async Task ClosedDaysAreCompactedStillQueryableThenRetired()
    {
        var clock = new ManualTimeProvider(Now);
        await using var app = FunctionsApplication.Create(time: clock);
        var written = await FillAsync(app.Service<IBatchIngest>());
        var runner = app.Service<TimerRunner>();
        await runner.RunAsync(TriggerTable.Rollup, "test", Ct, waitIfRunning: true);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("ran", (await runner.RunAsync(TriggerTable.Compaction, "test", Ct, waitIfRunning: true)).Status);

        Assert.Empty(Directory.GetFiles(app.StoragePath, "metrics_*.jsonl"));
        var closed = Assert.Single(Directory.GetFiles(app.StoragePath, "metrics_2025-01-16.*.jsonl.gz"));
        Assert.True(File.Exists(Path.Combine(app.StoragePath, "index", Path.GetFileName(closed) + ".idx")));
        var back = await app.Service<SampleQueries>().QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddHours(-4), To = Now, Limit = 10_000 }, Ct);
        Assert.Equal(written.Where(s => s.ContainerId == "abc123").OrderByDescending(s => s.Timestamp), back.Samples);
        var perSample = (double)new FileInfo(closed).Length / written.Count;
        Assert.True(perSample < 60, $"{perSample:0.0} bytes per sample in a closed segment");

        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal("ran", (await runner.RunAsync(TriggerTable.Retention, "test", Ct, waitIfRunning: true)).Status);

        Assert.Empty(Directory.GetFiles(app.StoragePath, "metrics_*"));
        Assert.Empty(Directory.GetFiles(app.StoragePath, "alerts_*"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app.StoragePath, "rollups"), "metrics_1m_2025-01-16.jsonl.gz"));
        var stillCharted = await app.Service<SampleQueries>().QueryAsync(new SampleQuery { ContainerId = "abc123", From = Now.AddHours(-2), To = Now.AddMinutes(-30), Limit = 6, Order = SampleOrder.Downsampled }, Ct);
        Assert.Equal(6, stillCharted.Samples.Count);
    }

    [Fact]
    public async Task AlertsAreFoundByLevelAndWindow()
    {
        var clock = new ManualTimeProvider(Now);
        await using var app = FunctionsApplication.Create(time: clock);
        var ingest = app.Service<IBatchIngest>();
        await ingest.IngestAsync(Samples.Batch("w", [Samples.Of("abc123", Now.AddHours(-20), cpu: 75, sequence: 1)]), IngestOrigin.InProcess, Ct);
        await ingest.IngestAsync(Samples.Batch("c", [Samples.Of("def456", Now.AddMinutes(-5), cpu: 95, sequence: 2)]), IngestOrigin.InProcess, Ct);
        var alerts = app.Service<AlertQueries>();

        var critical = await alerts.QueryAsync(new AlertQuery { Level = AlertLevel.Critical, From = Now.AddHours(-24), To = Now }, Ct);
        var lastHour = await alerts.QueryAsync(new AlertQuery { From = Now.AddHours(-1), To = Now }, Ct);
        var lastDay = await alerts.QueryAsync(new AlertQuery { From = Now.AddHours(-24), To = Now }, Ct);

        Assert.Equal("def456", Assert.Single(critical).ContainerId);
        Assert.Equal("def456", Assert.Single(lastHour).ContainerId);
        Assert.Equal(["def456", "abc123"], lastDay.Select(a => a.ContainerId));
    }

    [Fact]
    public async Task AResolutionIsItsOwnRecordAndNeverMatchesALevel()
    {
        var clock = new ManualTimeProvider(Now);
        await using var app = FunctionsApplication.Create(time: clock);
        var ingest = app.Service<IBatchIngest>();
        await ingest.IngestAsync(Samples.Batch("c", [Samples.Of("abc123", Now.AddMinutes(-5), cpu: 95, sequence: 1)]), IngestOrigin.InProcess, Ct);
        await ingest.IngestAsync(Samples.Batch("r", [Samples.Of("abc123", Now.AddMinutes(-4), cpu: 10, sequence: 2)]), IngestOrigin.InProcess, Ct);
        var alerts = app.Service<AlertQueries>();
        var window = new AlertQuery { From = Now.AddHours(-1), To = Now };

        var critical = await alerts.QueryAsync(window with { Level = AlertLevel.Critical }, Ct);
        var resolved = await alerts.QueryAsync(window with { State = AlertState.Resolved }, Ct);
        var both = await alerts.QueryAsync(window, Ct);
        var resolvedCritical = await alerts.QueryAsync(window with { Level = AlertLevel.Critical, State = AlertState.Resolved }, Ct);

        Assert.Equal(AlertState.Firing, Assert.Single(critical).State);
        Assert.Equal((AlertState.Resolved, Now.AddMinutes(-4)), (Assert.Single(resolved).State, resolved[0].Timestamp));
        Assert.Equal([AlertState.Resolved, AlertState.Firing], both.Select(a => a.State));
        Assert.Empty(resolvedCritical);
    }

    [Fact]
    public async Task RepeatedEpisodesOfOneContainerAreGroupedWithTheirCountAndFirstAndLastTimes()
    {
        var clock = new ManualTimeProvider(Now);
        await using var app = FunctionsApplication.Create(time: clock);
        var ingest = app.Service<IBatchIngest>();
        var cpu = new double[] { 95, 10, 80, 10, 95 };
        for (var i = 0; i < cpu.Length; i++)
        {
            await ingest.IngestAsync(Samples.Batch($"b{i}", [Samples.Of("abc123", Now.AddMinutes(-10 + i), cpu: cpu[i], sequence: i + 1)]), IngestOrigin.InProcess, Ct);
        }

        await ingest.IngestAsync(Samples.Batch("other", [Samples.Of("def456", Now.AddMinutes(-2), cpu: 75, sequence: 10)]), IngestOrigin.InProcess, Ct);
        var alerts = app.Service<AlertQueries>();

        var grouped = await alerts.QueryAsync(new AlertQuery { From = Now.AddHours(-1), To = Now, State = AlertState.Firing, Grouped = true }, Ct);

        Assert.Equal(["def456", "abc123"], grouped.Select(a => a.ContainerId));
        var repeated = grouped[1];
        Assert.Equal((3, Now.AddMinutes(-10), Now.AddMinutes(-6), Now.AddMinutes(-6)), (repeated.Occurrences, repeated.FirstTimestamp, repeated.LastTimestamp, repeated.Timestamp));
        Assert.Equal((AlertLevel.Critical, 95.0), (repeated.Level, repeated.Value));
        Assert.Equal(1, grouped[0].Occurrences);
    }
}
