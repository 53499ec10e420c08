using System.Text.Json;
using System.Text.Json.Nodes;
using WakeDock.EdgeAgent.Docker;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class DockerCliFormulasTests
{
    [Fact]
    public void ACgroupV1BurnerReadingOneSecondApartIsAboutOneFullCore()
    {
        var previous = StatsReading.From(Recorded.Stats("stats-v1-burner-a.json"));
        var current = Recorded.Stats("stats-v1-burner-b.json");

        var sample = SampleFactory.Create(new ContainerIdentity("b69b", "rec1", "web", "busybox"), "host-1", current, previous);

        // (9322913010 - 8307960618) / (2500860000000 - 2498840000000) × 2 online CPUs × 100
        Assert.Equal(100.4903358, sample.CpuPercent, 6);
        Assert.Equal(323584, sample.MemoryUsage);
        Assert.Equal(25274793984, sample.MemoryLimit);
        Assert.Equal(1166, sample.NetworkRxBytes);
        Assert.Equal(1, sample.Pids);
        Assert.Equal("web", sample.ServiceName);
        Assert.Equal("host-1", sample.Host);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 5, 32, 10, TimeSpan.Zero).AddTicks(2626277), sample.Timestamp);
    }

    [Fact]
    public void ACgroupV2ReadingUsesInactiveFileOnlineCpusAndLowerCaseBlockOps()
    {
        var previous = StatsReading.From(Recorded.Stats("stats-v2-a.json"));
        var current = Recorded.Stats("stats-v2-b.json");

        var sample = SampleFactory.Create(new ContainerIdentity("5f2b", "web-1", null, null), "h", current, previous);

        Assert.Equal(100.0, sample.CpuPercent, 9); // 0.5e9 / 2e9 × 4 × 100
        Assert.Equal(209715200 - 52428800, sample.MemoryUsage);
        Assert.Equal(29.296875, sample.MemoryPercent, 9);
        Assert.Equal(11500, sample.NetworkRxBytes);
        Assert.Equal(2000, sample.NetworkTxBytes);
        Assert.Equal(2000, sample.NetworkRxBytesPerSec, 9); // (11500 - 1500) / 5 s
        Assert.Equal(0, sample.NetworkTxBytesPerSec, 9);
        Assert.Equal(1048576 + 4096, sample.BlockReadBytes);
        Assert.Equal(2097152, sample.BlockWriteBytes);
        Assert.Equal(9, sample.Pids);
    }

    [Fact]
    public void OnlineCpusFallBackToTheLengthOfPercpuUsage()
    {
        var cpu = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = 300, PercpuUsage = [100, 100, 100, 0] }, SystemCpuUsage = 2000 };

        Assert.Equal(80.0, DockerCliFormulas.CpuPercent(100, 1000, cpu), 9); // 200 / 1000 × 4 × 100
    }

    [Theory]
    [InlineData(100, 1000, 100, 2000)] // no container time used
    [InlineData(100, 2000, 200, 2000)] // system counter did not move
    public void NoPositiveDeltaIsZeroPercent(ulong previousContainer, ulong previousSystem, ulong container, ulong system)
    {
        var cpu = new CpuStats { CpuUsage = new CpuUsage { TotalUsage = container }, SystemCpuUsage = system, OnlineCpus = 2 };

        Assert.Equal(0, DockerCliFormulas.CpuPercent(previousContainer, previousSystem, cpu));
    }

    [Fact]
    public void CgroupV1SubtractsTotalInactiveFileAndFloorsAtUsage()
    {
        var withCache = new MemoryStats { Usage = 1000, Stats = new MemoryDetails { TotalInactiveFile = 300, InactiveFile = 100 } };
        var cacheAboveUsage = new MemoryStats { Usage = 1000, Stats = new MemoryDetails { TotalInactiveFile = 5000, InactiveFile = 5000 } };

        Assert.Equal(700, DockerCliFormulas.MemoryUsage(withCache));
        Assert.Equal(1000, DockerCliFormulas.MemoryUsage(cacheAboveUsage));
        Assert.Equal(0, DockerCliFormulas.MemoryUsage(null));
    }

    [Fact]
    public void MemoryPercentIsAgainstTheLimitAndZeroWithoutOne()
    {
        Assert.Equal(25.0, DockerCliFormulas.MemoryPercent(256, 1024), 9);
        Assert.Equal(0, DockerCliFormulas.MemoryPercent(256, 0));
    }

    [Fact]
    public void WithoutANetworkNamespaceTheCountersAreZeroNotMissing()
    {
        var stats = Recorded.Stats("stats-v1-burner-a.json") with { Networks = null };
        var sample = SampleFactory.Create(new ContainerIdentity("x", "x", null, null), "h", stats, StatsReading.From(stats));

        Assert.Equal(0, sample.NetworkRxBytes);
        Assert.Equal(0, sample.NetworkTxBytes);
        var json = JsonSerializer.Serialize(sample, WakeDock.Contracts.WakeDockJson.Context.ContainerSample);
        Assert.Equal(0, JsonNode.Parse(json)!["network_rx_bytes"]!.GetValue<long>());
    }

    [Fact]
    public void ACgroupV1BlockEntryCountsWithCapitalisedOps()
    {
        var stats = new DockerStats
        {
            BlkioStats = new BlkioStats { IoServiceBytesRecursive = [new() { Op = "Read", Value = 10 }, new() { Op = "Write", Value = 20 }, new() { Op = "Total", Value = 30 }] },
        };

        Assert.Equal((10L, 20L), DockerCliFormulas.BlockIo(stats));
    }

    [Fact]
    public void AStoppedContainersZeroedFrameIsNotRunningAndARealReadingIs()
    {
        Assert.True(DockerCliFormulas.IsNotRunning(Recorded.Stats("stats-v1-stopped.json")));
        Assert.False(DockerCliFormulas.IsNotRunning(Recorded.Stats("stats-v1-burner-a.json")));
        Assert.False(DockerCliFormulas.IsNotRunning(Recorded.Stats("stats-v2-a.json")));
    }

    [Fact]
    public void ANetworkCounterThatWentDownGivesNoRate()
    {
        var previous = StatsReading.From(Recorded.Stats("stats-v2-b.json"));
        var sample = SampleFactory.Create(new ContainerIdentity("x", "x", null, null), "h", Recorded.Stats("stats-v2-a.json") with
        {
            Read = previous.Read.AddSeconds(5),
        }, previous);

        Assert.Equal(0, sample.NetworkRxBytesPerSec);
    }
}
