using System.Text;
using Microsoft.Extensions.Logging;
using WakeDock.EdgeAgent.Spool;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class BatchSpoolTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestMeterFactory _meters = new();
    private readonly TestLogger<BatchSpool> _log = new();

    [Fact]
    public void BatchesComeBackOldestFirstAndLeaveOnceRemoved()
    {
        var spool = Open();
        spool.Append("one"u8);
        spool.Append("two"u8);

        var first = spool.PeekOldest()!;
        Assert.Equal("one", Text(first));
        spool.Remove(first);
        Assert.Equal("two", Text(spool.PeekOldest()!));
        Assert.Equal(1, spool.Depth);
    }

    [Fact]
    public void AReopenedSpoolReplaysWhatItHeldInOrderAndAppendsBehindIt()
    {
        var before = Open();
        before.Append("one"u8);
        before.Append("two"u8);

        var after = Open();
        after.Append("three"u8);

        var order = new List<string>();
        while (after.PeekOldest() is { } next)
        {
            order.Add(Text(next));
            after.Remove(next);
        }

        Assert.Equal(["one", "two", "three"], order);
    }

    [Fact]
    public void ATornRecordIsSkippedWithAWarningAndCountedAsDropped()
    {
        var spool = Open();
        spool.Append("one"u8);
        spool.Append("two"u8);
        var firstFile = Directory.GetFiles(_folder.Path, "*.batch").Order().First();
        var bytes = File.ReadAllBytes(firstFile);
        File.WriteAllBytes(firstFile, bytes[..^2]);

        var reopened = Open();

        Assert.Equal("two", Text(reopened.PeekOldest()!));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("torn record"));
        Assert.Equal(1, _meters.Sum("wakedock.agent.batches.dropped", "reason", "corrupt"));
        Assert.Equal(1, reopened.Dropped);
    }

    [Fact]
    public void AFlippedByteFailsTheChecksum()
    {
        var spool = Open();
        spool.Append("payload"u8);
        var file = Directory.GetFiles(_folder.Path, "*.batch").Single();
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0x20;
        File.WriteAllBytes(file, bytes);

        Assert.Null(spool.PeekOldest());
        Assert.Contains(_log.Entries, e => e.Message.Contains("checksum mismatch"));
    }

    [Fact]
    public void AFullSpoolDropsTheOldestCountsThemAndSaysSo()
    {
        var payload = new byte[40 * 1024];
        var spool = Open(maxBytes: 100 * 1024); // two records fit, not three
        payload[0] = 1;
        spool.Append(payload);
        payload[0] = 2;
        spool.Append(payload);
        payload[0] = 3;
        spool.Append(payload);

        Assert.Equal(2, spool.Depth);
        Assert.Equal(2, spool.PeekOldest()!.Payload.Span[0]);
        Assert.Equal(1, spool.Dropped);
        Assert.Equal(1, _meters.Sum("wakedock.agent.batches.dropped", "reason", "spool_full"));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("dropped the 1 oldest"));
        Assert.True(spool.Bytes <= 100 * 1024);
    }

    [Fact]
    public void DepthAndBytesAreExposedAsGauges()
    {
        var spool = Open();
        spool.Append("abc"u8);

        Assert.Equal(1, _meters.Observe("wakedock.agent.spool.depth"));
        Assert.Equal(SpoolRecord.HeaderLength + 3, _meters.Observe("wakedock.agent.spool.bytes"));
        Assert.Equal(spool.Bytes, _meters.Observe("wakedock.agent.spool.bytes"));
    }

    [Fact]
    public void ALeftoverTemporaryFileFromACrashIsIgnored()
    {
        File.WriteAllText(_folder["0000000000000000001.batch.tmp"], "half");

        var spool = Open();

        Assert.True(spool.IsEmpty);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public void TheChecksumIsStandardCrc32()
        => Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    public void Dispose()
    {
        _meters.Dispose();
        _folder.Dispose();
    }

    private BatchSpool Open(long maxBytes = 1024 * 1024) => new(_folder.Path, maxBytes, _meters.Metrics(), _log);

    private static string Text(SpooledBatch batch) => Encoding.UTF8.GetString(batch.Payload.Span);
}
