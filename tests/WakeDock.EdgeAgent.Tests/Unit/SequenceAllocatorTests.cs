using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class SequenceAllocatorTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public void NumbersAreConsecutiveWithinARun()
    {
        var sequences = new SequenceAllocator(_folder["sequence"], leaseSize: 10);

        Assert.Equal(1, sequences.Reserve(3));
        Assert.Equal(4, sequences.Reserve(20));
        Assert.Equal(24, sequences.Reserve(1));
    }

    [Fact]
    public void ARunThatDiedWithoutWarningNeverHandsOutAUsedNumberAgain()
    {
        var first = new SequenceAllocator(_folder["sequence"], leaseSize: 100);
        var handedOut = first.Reserve(5) + 4; // 1..5 may have been published; the process then dies (nothing is flushed on exit)

        var second = new SequenceAllocator(_folder["sequence"], leaseSize: 100);
        var next = second.Reserve(1);

        Assert.True(next > handedOut, $"{next} must be above {handedOut}");
        Assert.Equal(second.Reserve(1), next + 1);
    }

    [Fact]
    public void TheLeaseIsOnDiskBeforeItsNumbersAreHandedOut()
    {
        var sequences = new SequenceAllocator(_folder["sequence"], leaseSize: 10);
        var first = sequences.Reserve(25);

        var onDisk = long.Parse(File.ReadAllText(_folder["sequence"]).Trim());

        Assert.True(onDisk >= first + 25);
    }

    [Fact]
    public void ADamagedLeaseFileFallsAboveAnyNumberUsedBefore()
    {
        File.WriteAllText(_folder["sequence"], "garbage");

        var next = new SequenceAllocator(_folder["sequence"]).Reserve(1);

        Assert.True(next > DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds() * 1000);
    }

    [Fact]
    public void AnEmptyBatchTakesNoNumber()
    {
        var sequences = new SequenceAllocator(null);

        Assert.Equal(1, sequences.Reserve(0));
        Assert.Equal(1, sequences.Reserve(2));
    }

    public void Dispose() => _folder.Dispose();
}
