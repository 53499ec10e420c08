using System.Net;
using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary><c>/hosts</c>: each host with its containers, the host metrics its agent sends and the disks predicted full; the disk alert.</summary>
public sealed class HostsApiTests
{
    private const string Api = "/api/v1/monitoring";
    private const long GiB = 1024L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A batch of <paramref name="host"/> with one container sample and the host as read at <paramref name="at"/>.</summary>
    private static async Task IngestAsync(WakeDockApplication app, string host, DateTimeOffset at, double availableGiB)
    {
        var batch = Batches.Of([Batches.SpecSample(at, id: host + "-c", name: host + "-web", host: host)]);
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
                new HostFilesystem { Role = "root", Mountpoint = "/", SizeBytes = 50 * GiB, AvailableBytes = 30 * GiB, UsedPercent = 40 },
            ],
        };
        var outcome = await app.Service<IBatchIngest>().IngestAsync(batch with { Data = batch.Data! with { HostMetrics = metrics } }, IngestOrigin.Dapr, Ct);
        Assert.Equal(IngestStatus.Success, outcome.Status);
    }

    [Fact]
    public async Task AHostListsItsMetricsItsContainersAndADiskPredictedFullWhichRaisesAnAlert()
    {
        await using var app = ApiApplication.Create();
        var now = DateTimeOffset.UtcNow;
        // an hour of readings a minute apart: 20 GiB free an hour ago, 2 GiB an hour less since: full in 9 hours
        for (var i = 60; i >= 0; i--)
        {
            await IngestAsync(app, "disk-host", now.AddMinutes(-i), 18 + 2 * i / 60.0);
        }

        await IngestAsync(app, "calm-host", now, 70);
        using var client = app.Client();

        var hosts = JsonNode.Parse(await client.GetStringAsync($"{Api}/hosts", Ct))!["hosts"]!.AsArray();
        var disk = JsonNode.Parse(await client.GetStringAsync($"{Api}/hosts/disk-host", Ct))!;
        Assert.Equal("ran", (await app.Service<TimerRunner>().RunAsync(TriggerTable.AlertSweep, "test", Ct, waitIfRunning: true)).Status);
        var alerts = JsonNode.Parse(await client.GetStringAsync($"{Api}/alerts?level=critical", Ct))!.AsArray();

        Assert.Equal(["calm-host", "disk-host"], hosts.Select(h => h!["host"]!.GetValue<string>()));
        Assert.Empty(hosts[0]!["disk_predictions"]!.AsArray());
        Assert.Equal((1, 37.5, 1.25, 6 * GiB), (disk["active_containers"]!.GetValue<int>(), disk["metrics"]!["cpu_percent"]!.GetValue<double>(),
            disk["metrics"]!["load1"]!.GetValue<double>(), disk["metrics"]!["memory_available_bytes"]!.GetValue<long>()));
        var prediction = Assert.Single(disk["disk_predictions"]!.AsArray())!;
        Assert.Equal("/var/lib/docker", prediction["mountpoint"]!.GetValue<string>());
        Assert.InRange(prediction["hours_left"]!.GetValue<double>(), 8.9, 9.1);
        var alert = Assert.Single(alerts, a => a!["metric_type"]!.GetValue<string>() == "disk_full_predicted")!;
        Assert.Equal(("disk-host", "Disque /var/lib/docker plein dans 9 h"), (alert["host"]!.GetValue<string>(), alert["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnUnknownHostIsAProblemNamingTheField()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();

        using var answer = await client.GetAsync($"{Api}/hosts/nowhere", Ct);
        var problem = JsonNode.Parse(await answer.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        Assert.Contains("nowhere", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("host", problem["field"]!.GetValue<string>());
    }
}
