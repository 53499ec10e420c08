using System.Text.Json;
using System.Text.Json.Nodes;

namespace WakeDock.Contracts.Tests;

/// <summary>The batch's additive <c>host_metrics</c>: written in snake_case, read back whole, and absent for agents that do not send it.</summary>
public sealed class HostMetricsRoundTripTests
{
    private static readonly SampleBatch Batch = new()
    {
        Host = "docker-1",
        FirstSequence = 1,
        LastSequence = 0,
        IntervalSeconds = 5,
        HostMetrics = new HostMetrics
        {
            Timestamp = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero),
            CpuCount = 2,
            CpuPercent = 12.5,
            CpuSeconds = new HostCpuSeconds { User = 100.5, Nice = 1, System = 20.25, Idle = 5000, Iowait = 3, Irq = 0.5, Softirq = 0.75, Steal = 0.1 },
            Load1 = 0.5,
            Load5 = 0.25,
            Load15 = 0.125,
            MemoryTotalBytes = 8L << 30,
            MemoryAvailableBytes = 5L << 30,
            MemoryFreeBytes = 1L << 30,
            MemoryBuffersBytes = 1L << 20,
            MemoryCachedBytes = 3L << 30,
            SwapTotalBytes = 2L << 30,
            SwapFreeBytes = 2L << 30,
            Filesystems =
            [
                new HostFilesystem { Role = "root", Mountpoint = "/", Device = "/dev/sda1", Fstype = "ext4", SizeBytes = 100L << 30, FreeBytes = 40L << 30, AvailableBytes = 35L << 30, UsedPercent = 63.15 },
                new HostFilesystem { Role = "data", Mountpoint = "/var/lib/docker", Device = "/dev/sdb1", Fstype = "xfs", SizeBytes = 200L << 30, FreeBytes = 20L << 30, AvailableBytes = 20L << 30, UsedPercent = 90 },
            ],
            Disks = [new HostDisk { Device = "sda", ReadBytes = 4096, WrittenBytes = 8192, ReadsCompleted = 1, WritesCompleted = 2, IoTimeSeconds = 0.5 }],
            Networks = [new HostNetworkInterface { Device = "eth0", RxBytes = 1000, TxBytes = 2000, RxPackets = 10, TxPackets = 20, RxErrors = 1, TxErrors = 2, RxDropped = 3, TxDropped = 4 }],
            BootTime = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            UptimeSeconds = 201600.5,
            Containers = new HostContainerCounts { Running = 10, Paused = 1, Stopped = 3 },
        },
    };

    [Fact]
    public void HostMetricsAreWrittenInSnakeCaseAndReadBackWhole()
    {
        var written = JsonSerializer.Serialize(Batch, WakeDockJson.Context.SampleBatch);
        var node = JsonNode.Parse(written)!["host_metrics"]!;

        Assert.Equal(12.5, node["cpu_percent"]!.GetValue<double>());
        Assert.Equal(20.25, node["cpu_seconds"]!["system"]!.GetValue<double>());
        Assert.Equal(5L << 30, node["memory_available_bytes"]!.GetValue<long>());
        Assert.Equal("data", node["filesystems"]![1]!["role"]!.GetValue<string>());
        Assert.Equal(35L << 30, node["filesystems"]![0]!["available_bytes"]!.GetValue<long>());
        Assert.Equal(8192, node["disks"]![0]!["written_bytes"]!.GetValue<long>());
        Assert.Equal(4, node["networks"]![0]!["tx_dropped"]!.GetValue<long>());
        Assert.Equal("2026-12-01T00:00:00Z", node["boot_time"]!.GetValue<string>());
        Assert.Equal(3, node["containers"]!["stopped"]!.GetValue<int>());

        var read = JsonSerializer.Deserialize(written, WakeDockJson.Context.SampleBatch)!;
        Assert.Equal(written, JsonSerializer.Serialize(read, WakeDockJson.Context.SampleBatch));
        Assert.Equal(Batch.HostMetrics!.CpuSeconds, read.HostMetrics!.CpuSeconds);
        Assert.Equal(Batch.HostMetrics.Containers, read.HostMetrics.Containers);
        Assert.Equal(Batch.HostMetrics.Filesystems, read.HostMetrics.Filesystems);
    }

    [Fact]
    public void ABatchFromAnAgentWithoutHostMetricsReadsAsNoneAndWritesNone()
    {
        const string json = """{"host":"docker-1","first_sequence":1,"last_sequence":0,"interval_seconds":5,"samples":[],"events":[]}""";

        var read = JsonSerializer.Deserialize(json, WakeDockJson.Context.SampleBatch)!;

        Assert.Null(read.HostMetrics);
        Assert.Null(JsonNode.Parse(JsonSerializer.Serialize(read, WakeDockJson.Context.SampleBatch))!["host_metrics"]);
    }
}
