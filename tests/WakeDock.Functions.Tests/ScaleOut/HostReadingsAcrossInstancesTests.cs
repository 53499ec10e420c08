using System.Text.Json.Nodes;
using WakeDock.Contracts;
using WakeDock.Pipeline.Hosts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.ScaleOut;
using WakeDock.Pipeline.Storage;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.ScaleOut;

/// <summary>
/// Host metrics ride in the batches, which go to whichever instance holds the host: the other instances must still
/// answer <c>/hosts</c> alike and predict the same disks full, and an instance restarted keeps the history it had.
/// </summary>
public sealed class HostReadingsAcrossInstancesTests
{
    private const long GiB = 1024L * 1024 * 1024;
    private const string Host = "disk-host";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnotherInstanceAnswersTheHostsMetricsAndDiskPredictionOfReadingsItNeverIngested()
    {
        var root = TempFolder.Create("readings");
        try
        {
            await using (var a = FunctionsApplication.Create(root, Settings("reader-a")))
            await using (var b = FunctionsApplication.Create(root, Settings("reader-b")))
            {
                _ = b.Services;
                var now = DateTimeOffset.UtcNow;
                // an hour of readings a minute apart: 20 GiB free an hour ago, 2 GiB an hour less since: full in 9 hours
                for (var i = 60; i >= 0; i--)
                {
                    await IngestAsync(a, now.AddMinutes(-i), i, 18 + 2 * i / 60.0);
                }

                using var clientA = a.CreateClient();
                using var clientB = b.CreateClient();
                var expected = JsonNode.Parse(await clientA.GetStringAsync($"/api/v1/monitoring/hosts/{Host}", Ct))!;
                var follower = b.Service<PeerFollower>();
                var seen = await Eventually.ValueAsync(async () =>
                {
                    await follower.CatchUpAsync(DateTimeOffset.UtcNow, Ct);
                    return b.Service<HostBoard>().Space(Host).GetValueOrDefault("/var/lib/docker") is { Count: 61 } points ? points : null;
                }, TimeSpan.FromSeconds(20), "the other instance to follow the hour of readings");
                var answered = JsonNode.Parse(await clientB.GetStringAsync($"/api/v1/monitoring/hosts/{Host}", Ct))!;

                Assert.Equal(18 * GiB, seen[^1].AvailableBytes);
                Assert.Equal(expected["metrics"]!.ToJsonString(), answered["metrics"]!.ToJsonString());
                Assert.Equal(expected["disk_predictions"]!.ToJsonString(), answered["disk_predictions"]!.ToJsonString());
                var prediction = Assert.Single(answered["disk_predictions"]!.AsArray())!;
                Assert.InRange(prediction["hours_left"]!.GetValue<double>(), 8.9, 9.1);
            }

            // a's readings are in its own segment: restarted on the same writer id, it has the hour back
            await using var again = FunctionsApplication.Create(root, Settings("reader-a"));
            var restored = await Eventually.ValueAsync(
                () => Task.FromResult(again.Service<HostBoard>().Space(Host).GetValueOrDefault("/var/lib/docker") is { Count: 61 } points ? points : null),
                TimeSpan.FromSeconds(20), "the restarted instance to read back its own readings");
            Assert.Equal(20 * GiB, restored[0].AvailableBytes);
            Assert.Contains(Directory.GetFiles(root), f => SegmentName.TryParse(Path.GetFileName(f)) is { Kind: SegmentName.Hosts, Writer: "reader-a" });
        }
        finally
        {
            TempFolder.Delete(root);
        }
    }

    private static async Task IngestAsync(WakeDockApplication app, DateTimeOffset at, long sequence, double availableGiB)
    {
        var batch = Samples.Batch($"{Host}-{sequence}", [Samples.Of($"{Host}-c", at, sequence: sequence + 1, host: Host)], Host);
        var metrics = new HostMetrics
        {
            Timestamp = at,
            CpuCount = 4,
            CpuPercent = 37.5,
            Load1 = 1.25,
            MemoryTotalBytes = 8 * GiB,
            MemoryAvailableBytes = 6 * GiB,
            Filesystems =
            [
                new HostFilesystem { Role = "data", Mountpoint = "/var/lib/docker", SizeBytes = 100 * GiB, AvailableBytes = (long)(availableGiB * GiB), UsedPercent = 100 - availableGiB },
            ],
        };
        var outcome = await app.Service<IBatchIngest>().IngestAsync(batch with { Data = batch.Data! with { HostMetrics = metrics } }, IngestOrigin.Dapr, Ct);
        Assert.Equal(IngestStatus.Success, outcome.Status);
    }

    private static Dictionary<string, string?> Settings(string writer) => new()
    {
        ["WakeDock:Storage:WriterId"] = writer,
        ["WakeDock:ScaleOut:Enabled"] = "true",
        ["WakeDock:ScaleOut:OwnershipWait"] = "00:00:00",
    };
}
