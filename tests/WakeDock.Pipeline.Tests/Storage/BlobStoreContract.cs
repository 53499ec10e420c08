using System.IO.Compression;
using System.Text;
using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Pipeline.Tiers;
using WakeDock.Testing;

namespace WakeDock.Pipeline.Tests.Storage;

/// <summary>
/// One suite, two stores: everything WakeDock writes goes through <see cref="IBlobStore"/>, and these tests
/// run unchanged against the local folder and against real Azurite append blobs.
/// </summary>
public abstract class BlobStoreContract
{
    private static readonly DateTimeOffset Day = new(2025, 1, 16, 10, 30, 0, TimeSpan.Zero);

    protected abstract IBlobStore NewStore();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendCreatesTheBlobAndReturnsWhereEachAppendLanded()
    {
        var store = NewStore();

        Assert.Equal(0, await store.AppendAsync("metrics_2025-01-16.000.jsonl", "{\"a\":1}\n"u8.ToArray(), Ct));
        Assert.Equal(8, await store.AppendAsync("metrics_2025-01-16.000.jsonl", "{\"a\":2}\n"u8.ToArray(), Ct));

        Assert.Equal("{\"a\":1}\n{\"a\":2}\n", Encoding.UTF8.GetString((await store.ReadAsync("metrics_2025-01-16.000.jsonl", cancellationToken: Ct))!));
        Assert.Equal("{\"a\":2}\n", Encoding.UTF8.GetString((await store.ReadAsync("metrics_2025-01-16.000.jsonl", 8, 8, Ct))!));
    }

    [Fact]
    public async Task AMissingBlobReadsAsNullAndDeletesAsFalse()
    {
        var store = NewStore();

        Assert.Null(await store.ReadAsync("nothing.jsonl", cancellationToken: Ct));
        Assert.False(await store.DeleteAsync("nothing.jsonl", Ct));
    }

    [Fact]
    public async Task WriteReplacesABlobWholeAndDeleteRemovesIt()
    {
        var store = NewStore();
        await store.WriteAsync("state/thresholds.json", "[1]"u8.ToArray(), Ct);
        await store.WriteAsync("state/thresholds.json", "[2,3]"u8.ToArray(), Ct);

        Assert.Equal("[2,3]", Encoding.UTF8.GetString((await store.ReadAsync("state/thresholds.json", cancellationToken: Ct))!));
        Assert.True(await store.DeleteAsync("state/thresholds.json", Ct));
        Assert.Null(await store.ReadAsync("state/thresholds.json", cancellationToken: Ct));
    }

    [Fact]
    public async Task ListingFindsBlobsByPrefixInsideFoldersToo()
    {
        var store = NewStore();
        foreach (var name in new[] { "metrics_2025-01-16.000.jsonl", "metrics_2025-01-17.000.jsonl", "alerts_2025-01-16.000.jsonl", "index/metrics_2025-01-16.000.jsonl.gz.idx" })
        {
            await store.AppendAsync(name, "{}\n"u8.ToArray(), Ct);
        }

        var metrics = await store.ListAsync("metrics_", Ct).Select(b => b.Name).OrderBy(n => n).ToListAsync(Ct);
        var indexes = await store.ListAsync("index/metrics_", Ct).ToListAsync(Ct);

        Assert.Equal(["metrics_2025-01-16.000.jsonl", "metrics_2025-01-17.000.jsonl"], metrics);
        Assert.Equal(("index/metrics_2025-01-16.000.jsonl.gz.idx", 3L), (Assert.Single(indexes).Name, indexes[0].Length));
    }

    [Fact]
    public async Task ARepairedTornLineIsSkippedAndLaterAppendsStartOnAFreshLine()
    {
        var store = NewStore();
        await store.AppendAsync("alerts_2025-01-16.000.jsonl", "{\"container_id\":\"a\",\"timestamp\":\"2025-01-16T10:30:00Z\"}\n{\"container_id\":\"b\",\"ti"u8.ToArray(), Ct);
        var before = (await store.ReadAsync("alerts_2025-01-16.000.jsonl", cancellationToken: Ct))!;

        await store.RepairTailAsync("alerts_2025-01-16.000.jsonl", JsonlReader.CompleteLength(before), Ct);
        await store.AppendAsync("alerts_2025-01-16.000.jsonl", "{\"container_id\":\"c\",\"timestamp\":\"2025-01-16T10:31:00Z\"}\n"u8.ToArray(), Ct);

        var alerts = JsonlReader.Read((await store.ReadAsync("alerts_2025-01-16.000.jsonl", cancellationToken: Ct))!, WakeDockJson.Context.Alert);
        Assert.Equal(["a", "c"], alerts.Select(a => a.ContainerId));
    }

    [Fact]
    public async Task SegmentsRotateAtTheirSizeAndCompactIntoGzipReadPerContainer()
    {
        var store = NewStore();
        var metrics = new SegmentLog(store, SegmentName.Metrics, null, 64 * 1024);
        var closed = new List<SegmentName>();
        metrics.Closed += closed.Add;
        var alerts = new SegmentLog(store, SegmentName.Alerts, null, 64 * 1024);
        await using var writer = new GroupCommitWriter(metrics, alerts, new PipelineMetrics());
        var samples = Enumerable.Range(0, 600).Select(i => Samples.Of($"c{i % 3}", Day.AddSeconds(i), cpu: i % 100, sequence: i + 1)).ToList();
        foreach (var chunk in samples.Chunk(50))
        {
            await writer.CommitAsync(new CommitWork(LineEncoder.Encode(chunk, s => s.Timestamp, WakeDockJson.Context.ContainerSample), []), Ct);
        }

        await writer.RunExclusiveAsync(async (m, _) => await m.SealAsync(null));
        Assert.True(closed.Count >= 3, $"expected the 64 KiB segments to rotate, got {closed.Count} segments");
        var archive = new SegmentArchive(store);
        var compactor = new SegmentCompactor(store, archive);
        foreach (var segment in closed)
        {
            await compactor.CompactAsync(segment, Ct);
        }

        var segments = await archive.ListAsync(SegmentName.Metrics, DateOnly.FromDateTime(Day.UtcDateTime), DateOnly.FromDateTime(Day.UtcDateTime), Ct);
        Assert.All(segments, s => Assert.True(s.Name.Compressed));
        var c1 = new List<ContainerSample>();
        var everything = new List<ContainerSample>();
        foreach (var (segment, _) in segments)
        {
            c1.AddRange(await archive.ReadAsync(segment, WakeDockJson.Context.ContainerSample, e => e.ContainerId == "c1", s => s.ContainerId == "c1", Ct));
            var whole = await store.ReadAsync(segment.FileName, cancellationToken: Ct);
            using var gzip = new GZipStream(new MemoryStream(whole!), CompressionMode.Decompress);
            using var text = new MemoryStream();
            await gzip.CopyToAsync(text, Ct);
            everything.AddRange(JsonlReader.Read(text.ToArray(), WakeDockJson.Context.ContainerSample));
        }

        Assert.Equal(samples.Where(s => s.ContainerId == "c1"), c1.OrderBy(s => s.Timestamp));
        Assert.Equal(samples, everything.OrderBy(s => s.Sequence));
    }

    [Fact]
    public async Task ATierDayFileGrowsByChunksAndIsReadPerContainer()
    {
        var store = NewStore();
        var tier = new TierLog(store, Tier.Minute);
        var day = DateOnly.FromDateTime(Day.UtcDateTime);
        for (var hour = 0; hour < 3; hour++)
        {
            var points = Enumerable.Range(0, 2).SelectMany(c => Enumerable.Range(0, 60).Select(m => Point($"c{c}", Day.Date.AddHours(hour).AddMinutes(m), c * 10 + hour))).ToList();
            await tier.AppendAsync(day, points, Ct);
        }

        var read = await new TierLog(store, Tier.Minute).ReadAsync(e => e.ContainerId == "c1", Day.Date.AddHours(1), Day.Date.AddHours(2).AddTicks(-1), Ct);

        Assert.Equal(60, read.Count);
        Assert.All(read, p => Assert.Equal(11, p.CpuPercent.Avg));
    }

    private static RollupPoint Point(string container, DateTime at, double cpu) => new()
    {
        ContainerId = container,
        Timestamp = new DateTimeOffset(at, TimeSpan.Zero),
        StepSeconds = 60,
        Count = 12,
        CpuPercent = new Aggregate(cpu, cpu, cpu, cpu),
        MemoryPercent = new Aggregate(1, 1, 1, 1),
        MemoryUsage = new Aggregate(1, 1, 1, 1),
        NetworkRxBytesPerSec = new Aggregate(0, 0, 0, 0),
        NetworkTxBytesPerSec = new Aggregate(0, 0, 0, 0),
        Pids = new Aggregate(1, 1, 1, 1),
    };

    [Fact]
    public async Task ALeaseIsExclusiveUntilReleasedAndOnlyItsHolderRenewsIt()
    {
        var store = (ILeaseStore)NewStore();
        var ct = TestContext.Current.CancellationToken;
        var first = await store.TryAcquireLeaseAsync("leases/hosts/h1", TimeSpan.FromSeconds(15), ct);

        Assert.NotNull(first);
        Assert.Null(await store.TryAcquireLeaseAsync("leases/hosts/h1", TimeSpan.FromSeconds(15), ct));
        Assert.NotNull(await store.TryAcquireLeaseAsync("leases/hosts/h2", TimeSpan.FromSeconds(15), ct));
        Assert.True(await store.RenewLeaseAsync("leases/hosts/h1", first, ct));
        Assert.False(await store.RenewLeaseAsync("leases/hosts/h1", Guid.NewGuid().ToString(), ct));

        await store.ReleaseLeaseAsync("leases/hosts/h1", first, ct);
        var second = await store.TryAcquireLeaseAsync("leases/hosts/h1", TimeSpan.FromSeconds(15), ct);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.False(await store.RenewLeaseAsync("leases/hosts/h1", first, ct));
    }

    [Fact]
    public async Task AConditionalWriteLandsOnlyOnTheVersionItsWriterRead()
    {
        var store = (ILeaseStore)NewStore();
        var ct = TestContext.Current.CancellationToken;

        Assert.Null(await store.ReadVersionedAsync("state/partitions/h1.json", ct));
        var v1 = await store.TryWriteAsync("state/partitions/h1.json", "{\"n\":1}"u8.ToArray(), null, ct);
        Assert.NotNull(v1);
        Assert.Null(await store.TryWriteAsync("state/partitions/h1.json", "{\"n\":9}"u8.ToArray(), null, ct));

        var read = await store.ReadVersionedAsync("state/partitions/h1.json", ct);
        Assert.Equal(v1, read!.ETag);
        Assert.Equal("{\"n\":1}", System.Text.Encoding.UTF8.GetString(read.Content));

        var v2 = await store.TryWriteAsync("state/partitions/h1.json", "{\"n\":2}"u8.ToArray(), v1, ct);
        Assert.NotNull(v2);
        Assert.NotEqual(v1, v2);
        Assert.Null(await store.TryWriteAsync("state/partitions/h1.json", "{\"n\":3}"u8.ToArray(), v1, ct));
        Assert.Equal("{\"n\":2}", System.Text.Encoding.UTF8.GetString((await store.ReadVersionedAsync("state/partitions/h1.json", ct))!.Content));
        Assert.DoesNotContain(await ((IBlobStore)store).ListAsync("state/partitions/", ct).Select(b => b.Name).ToListAsync(ct), n => !n.EndsWith(".json", StringComparison.Ordinal));
    }
}
