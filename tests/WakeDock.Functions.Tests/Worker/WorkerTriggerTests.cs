using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Worker;

/// <summary>
/// The built worker driven through the test Functions host as Azure would drive it: a batch put on a real Azurite
/// queue, timer ticks, HTTP requests through the ASP.NET Core integration; the results read back from the blob
/// container and through the API.
/// </summary>
public sealed class WorkerTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABatchOnTheQueueIsStoredAnsweredByTheApiAndCheckpointedByTheCompactionTick()
    {
        azurite.Require();
        azurite.RequireQueues();
        await using var app = await WorkerApp.OnAzuriteAsync(azurite);
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var batch = Samples.Batch("worker-batch-1", [Samples.Of("wkq001", at, cpu: 12, sequence: 1, host: "worker-host"), Samples.Of("wkq002", at, cpu: 34, sequence: 2, host: "worker-host")], host: "worker-host");

        await using var listener = app.Host.ListenToQueue("ingest-queue", maxPollingInterval: TimeSpan.FromMilliseconds(500));
        Assert.Equal(app.QueueName, listener.QueueName);
        await listener.Queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        await listener.Queue.SendMessageAsync(JsonSerializer.Serialize(batch, WakeDockJson.Context.CloudEventSampleBatch), Ct);
        await Eventually.TrueAsync(() => listener.Succeeded + listener.Failed > 0, "the queue listener's first invocation", seconds: 60);

        Assert.Equal((1, 0), (listener.Succeeded, listener.Failed));
        Assert.Empty((await listener.Queue.PeekMessagesAsync(10, Ct)).Value);
        var stored = new StringBuilder();
        await foreach (var segment in app.Store.ListAsync("metrics_", Ct))
        {
            stored.Append(Encoding.UTF8.GetString(await app.Store.ReadAsync(segment.Name, cancellationToken: Ct) ?? []));
        }

        Assert.Contains("wkq001", stored.ToString(), StringComparison.Ordinal);
        Assert.Contains("wkq002", stored.ToString(), StringComparison.Ordinal);

        using var answer = await app.Host.SendHttpAsync(app.AdminRequest(HttpMethod.Get, "/api/v1/monitoring/metrics?container_id=wkq002&hours=1"), Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var sample = Assert.Single(JsonNode.Parse(await answer.Content.ReadAsStringAsync(Ct))!.AsArray())!;
        Assert.Equal(("wkq002", 34.0), (sample["container_id"]!.GetValue<string>(), sample["cpu_percent"]!.GetValue<double>()));

        var tickedAfter = DateTimeOffset.UtcNow;
        var tick = await app.Host.InvokeTimerAsync(TriggerTable.Compaction, cancellationToken: Ct);

        Assert.True(tick.Succeeded, tick.Error);
        var ledger = JsonNode.Parse(await app.Store.ReadAsync(LedgerCheckpoint.FileName, cancellationToken: Ct) ?? [])!;
        Assert.Equal("[[1,2]]", Property(ledger, "hosts")?["worker-host"]?.ToJsonString());
        var timers = JsonNode.Parse(await app.Store.ReadAsync(TimerRunLog.FileName, cancellationToken: Ct) ?? [])!;
        Assert.True(Property(timers, "lastRuns")?[TriggerTable.Compaction]?.GetValue<DateTimeOffset>() >= tickedAfter.AddSeconds(-1), timers.ToJsonString());
    }

    [Fact]
    public async Task AClaimCheckWhoseBlobNeverComesIsTriedMaxDequeueCountTimesThenMovedToThePoisonQueue()
    {
        azurite.Require();
        azurite.RequireQueues();
        await using var app = await WorkerApp.OnAzuriteAsync(azurite);
        var claim = JsonSerializer.Serialize(new BatchClaimCheck(PipelineNames.ClaimCheckPrefix + "never-uploaded.json"), WakeDockJson.Context.BatchClaimCheck);

        await using var listener = app.Host.ListenToQueue("ingest-queue", maxPollingInterval: TimeSpan.FromMilliseconds(500));
        await listener.Queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        await listener.Queue.SendMessageAsync(claim, Ct);
        await Eventually.TrueAsync(() => listener.Poisoned > 0, "the claim check in the poison queue", seconds: 150);

        var tries = app.Host.HostJson.Queues.MaxDequeueCount;
        Assert.Equal((0, tries), (listener.Succeeded, listener.Failed));
        Assert.Equal(tries, app.Host.Invocations.Count(i => i.FunctionName == "ingest-queue" && i.Error?.Contains("not (yet) in storage", StringComparison.Ordinal) == true));
        var poison = new QueueClient(azurite.ConnectionString, listener.PoisonQueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        Assert.Equal(claim, Assert.Single((await poison.ReceiveMessagesAsync(10, cancellationToken: Ct)).Value).Body.ToString());
        Assert.Empty((await listener.Queue.PeekMessagesAsync(10, Ct)).Value);
    }

    [Fact]
    public async Task EveryTimerTicksThroughTheHostAndTheRunIsRecordedInStorage()
    {
        azurite.Require();
        await using var app = await WorkerApp.OnAzuriteAsync(azurite);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        foreach (var timer in new[] { TriggerTable.AlertSweep, TriggerTable.Compaction, TriggerTable.Rollup, TriggerTable.Retention })
        {
            var tick = await app.Host.InvokeTimerAsync(timer, isPastDue: timer == TriggerTable.Retention, cancellationToken: Ct);
            Assert.True(tick.Succeeded, $"{timer}: {tick.Error}");
        }

        var timers = JsonNode.Parse(await app.Store.ReadAsync(TimerRunLog.FileName, cancellationToken: Ct) ?? [])!;
        var lastRuns = Property(timers, "lastRuns")?.AsObject();
        Assert.NotNull(lastRuns);
        Assert.All([TriggerTable.Compaction, TriggerTable.Rollup, TriggerTable.Retention],
            timer => Assert.True(lastRuns[timer]?.GetValue<DateTimeOffset>() >= before, $"{timer} in {timers.ToJsonString()}"));
    }

    [Fact]
    public async Task HttpRequestsReachTheApiThroughTheAspNetCoreIntegrationAndItsChangesAreStored()
    {
        azurite.Require();
        await using var app = await WorkerApp.OnAzuriteAsync(azurite);

        using var health = await app.Host.SendHttpAsync(new HttpRequestMessage(HttpMethod.Get, "/health"), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", JsonNode.Parse(await health.Content.ReadAsStringAsync(Ct))!["status"]!.GetValue<string>());

        using var refused = await app.Host.SendHttpAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/monitoring/thresholds"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var put = await app.Host.SendHttpAsync(app.AdminRequest(HttpMethod.Put, "/api/v1/monitoring/thresholds/cpu_percent",
            """{"metric_type":"cpu_percent","warning_threshold":41,"critical_threshold":83,"enabled":true,"container_id":"wkh001"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var read = await app.Host.SendHttpAsync(app.AdminRequest(HttpMethod.Get, "/api/v1/monitoring/thresholds/cpu_percent?container_id=wkh001"), Ct);
        var threshold = JsonNode.Parse(await read.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal((41.0, 83.0), (threshold["warning_threshold"]!.GetValue<double>(), threshold["critical_threshold"]!.GetValue<double>()));

        var stored = Encoding.UTF8.GetString(await app.Store.ReadAsync(ThresholdStore.FileName, cancellationToken: Ct) ?? []);
        Assert.Contains("wkh001", stored, StringComparison.Ordinal);
        Assert.Contains(app.Host.Invocations, i => i.FunctionName == "PutThreshold" && i.Succeeded);
        Assert.Contains(app.Host.Invocations, i => i.FunctionName == "Liveness" && i.Succeeded);
    }

    private static JsonNode? Property(JsonNode node, string name)
        => node.AsObject().FirstOrDefault(pair => string.Equals(pair.Key.Replace("_", "", StringComparison.Ordinal), name, StringComparison.OrdinalIgnoreCase)).Value;
}
