using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Testing;

namespace WakeDock.Pipeline.Tests.Ingest;

public sealed class SequenceRangesTests
{
    [Fact]
    public void RangesMergeWhenTheyTouchAndKeepTheirGaps()
    {
        var ranges = new SequenceRanges();
        ranges.Add(1, 100);
        ranges.Add(201, 300);
        ranges.Add(101, 150);

        Assert.Equal([(1L, 150L), (201L, 300L)], ranges.Ranges);
        Assert.True(ranges.Contains(150));
        Assert.False(ranges.Contains(151));

        ranges.Add(151, 200);
        Assert.Equal([(1L, 300L)], ranges.Ranges);
        ranges.Remove(10, 20);
        Assert.Equal([(1L, 9L), (21L, 300L)], ranges.Ranges);
    }

    [Fact]
    public void ABatchRetriedAfterALaterOneSucceededIsStillStored()
    {
        var ledger = new IngestLedger(100);
        var at = DateTimeOffset.UtcNow;
        var later = ledger.Claim("agent", "b2", "h", [Samples.Of("c", at, sequence: 101), Samples.Of("c", at, sequence: 102)]);
        ledger.Complete(later, stored: true);

        var earlier = ledger.Claim("agent", "b1", "h", [Samples.Of("c", at, sequence: 1), Samples.Of("c", at, sequence: 2)]);

        Assert.Equal(ClaimKind.New, earlier.Kind);
        Assert.Equal(2, earlier.NewSamples.Count);
    }

    [Fact]
    public void RedeliveryIsDuplicateByIdOrBySequencesAndConcurrentDeliveryIsBusy()
    {
        var ledger = new IngestLedger(100);
        var samples = new List<ContainerSample> { Samples.Of("c", DateTimeOffset.UtcNow, sequence: 7) };
        var first = ledger.Claim("agent", "b7", "h", samples);
        Assert.Equal(ClaimKind.Busy, ledger.Claim("agent", "b7", "h", samples).Kind);
        Assert.Equal(ClaimKind.Busy, ledger.Claim("agent", "other-id", "h", samples).Kind);

        ledger.Complete(first, stored: true);

        Assert.Equal(ClaimKind.Duplicate, ledger.Claim("agent", "b7", "h", samples).Kind);
        Assert.Equal(ClaimKind.Duplicate, ledger.Claim("agent", "re-sent-under-a-new-id", "h", samples).Kind);
        Assert.Equal(ClaimKind.New, ledger.Claim("agent", "b8", "other-host", samples).Kind);
    }

    [Fact]
    public void AFailedStoreLeavesNothingClaimed()
    {
        var ledger = new IngestLedger(100);
        var samples = new List<ContainerSample> { Samples.Of("c", DateTimeOffset.UtcNow, sequence: 7) };
        ledger.Complete(ledger.Claim("agent", "b7", "h", samples), stored: false);

        Assert.Equal(ClaimKind.New, ledger.Claim("agent", "b7", "h", samples).Kind);
    }

    [Fact]
    public void ASnapshotRestoresRangesAndRecentIds()
    {
        var ledger = new IngestLedger(100);
        var samples = new List<ContainerSample> { Samples.Of("c", DateTimeOffset.UtcNow, sequence: 5) };
        ledger.Complete(ledger.Claim("agent", "events-only", "h", []), stored: true);
        ledger.Complete(ledger.Claim("agent", "b5", "h", samples), stored: true);

        var restored = new IngestLedger(100);
        restored.Restore(ledger.Snapshot(DateTimeOffset.UtcNow));

        Assert.Equal(ClaimKind.Duplicate, restored.Claim("agent", "events-only", "h", []).Kind);
        Assert.Equal(ClaimKind.Duplicate, restored.Claim("agent", "new-id", "h", samples).Kind);
    }
}
