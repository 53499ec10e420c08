using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using WakeDock.Contracts;
using WakeDock.Functions.Tests.Ingest;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.ScaleOut;

/// <summary>
/// Three functions hosts as separate processes on one Azurite account, fed by 30 simulated agents that post each batch
/// to any instance: instances are killed with SIGKILL mid-stream and replaced, every batch is redelivered, and then
/// every sample is stored exactly once, no alert episode fired twice, every instance answers alike and a timer runs
/// once per period across the three.
/// </summary>
public sealed partial class ThreeInstancesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const int Hosts = 30;
    private const int ContainersPerHost = 4;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly string _scratch = TempFolder.Create("scale-out");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _http.Dispose();
        TempFolder.Delete(_scratch);
    }

    [Fact]
    public async Task ThreeInstancesKilledAndReplacedStoreEverySampleOnceAndAnswerAlike()
    {
        azurite.Require();
        var container = azurite.NewContainerName("scale");
        var instances = new HostProcess?[3];
        var generation = 0;
        var logs = TestArtifacts.Directory("scale-out");
        async Task<HostProcess> StartAsync(int slot)
        {
            var writer = $"inst-{slot}-{Interlocked.Increment(ref generation)}";
            return await HostProcess.StartAsync(Path.Combine(_scratch, $"unused-{slot}"), Ct, Settings(container, writer), Path.Combine(logs, $"{writer}.log"));
        }


        try
        {
            var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(StartAsync));
            for (var i = 0; i < 3; i++)
            {
                instances[i] = started[i];
            }

            var sent = new ConcurrentDictionary<string, CloudEvent<SampleBatch>>();
            var acknowledged = new ConcurrentDictionary<(string Host, long Sequence), bool>();
            using var stop = new CancellationTokenSource();
            var agents = Enumerable.Range(0, Hosts).Select(h => Task.Run(() => AgentAsync(h, instances, sent, acknowledged, stop.Token), Ct)).ToList();

            foreach (var slot in new[] { 0, 1 })
            {
                await WaitForAsync(() => acknowledged.Count >= (slot + 1) * 1000, TimeSpan.FromSeconds(90), () => $"{acknowledged.Count} samples acknowledged");
                var victim = instances[slot]!;
                instances[slot] = null;
                victim.Kill();
                victim.Dispose();
                instances[slot] = await StartAsync(slot);
            }

            await WaitForAsync(() => acknowledged.Count >= 3000, TimeSpan.FromSeconds(90), () => $"{acknowledged.Count} samples acknowledged");
            await stop.CancelAsync();
            await Task.WhenAll(agents);

            // Redeliver everything, acknowledged or not, to any instance: each must be stored (or found stored) once.
            await Parallel.ForEachAsync(sent.Values, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (batch, ct) =>
                Assert.Equal("SUCCESS", await DeliverAsync(instances, batch, ct)));

            var stored = await StoredAsync(container);
            var expected = sent.Values.SelectMany(b => b.Data!.Samples.Select(s => (b.Data.Host, s.Sequence))).ToHashSet();
            var missing = expected.Where(k => !stored.ContainsKey(k)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {expected.Count} samples not stored, e.g. {missing.FirstOrDefault()}");
            var twice = stored.Where(s => s.Value > 1).ToList();
            Assert.True(twice.Count == 0, $"{twice.Count} samples stored more than once, e.g. {twice.FirstOrDefault().Key}");
            Assert.Equal(expected.Count, stored.Count);

            await AnswerAlikeAsync(instances, "/api/v1/monitoring/containers", ContainersOf);
            await AnswerAlikeAsync(instances, "/api/v1/monitoring/metrics?hours=1&limit=10000", SamplesOf);
            var alerts = await AnswerAlikeAsync(instances, "/api/v1/monitoring/alerts?hours=1&limit=1000", a => a.ToJsonString());
            // each host's readings went to whichever instance took its batches: every instance shows the newest of each
            await AnswerAlikeAsync(instances, "/api/v1/monitoring/hosts", HostsOf);

            // The first container of the first three hosts runs at 97 % CPU throughout: one episode each, never resolved.
            var records = JsonNode.Parse(alerts)!.AsArray().Select(a => a!).Where(a => a["metric_type"]?.GetValue<string>() == "cpu_percent").ToList();
            foreach (var hot in Enumerable.Range(0, 3).Select(h => ContainerId(h, 0)))
            {
                var episodes = records.Where(a => a["container_id"]!.GetValue<string>() == hot).ToList();
                Assert.True(episodes.Select(a => a["id"]!.GetValue<string>()).Distinct().Count() == 1, $"{hot}: {string.Join(", ", episodes.Select(e => e.ToJsonString()))}");
                Assert.DoesNotContain(episodes, a => a["state"]!.GetValue<string>() == "resolved");
            }

            Assert.DoesNotContain(records, a => a["container_id"]!.GetValue<string>().EndsWith("-c1", StringComparison.Ordinal));

            // The alert sweep every 2 s: over 12 s the three run it about 6 times in all, not 18.
            var before = await TimerRunsAsync(instances);
            // the thing measured: how many sweeps three processes on the system clock run over 12 s
            await Task.Delay(TimeSpan.FromSeconds(12), Ct);
            var after = await TimerRunsAsync(instances);
            Assert.InRange(after.Success - before.Success, 4, 8);
            Assert.True(after.Elsewhere - before.Elsewhere >= 6, $"{after.Elsewhere - before.Elsewhere} sweeps left to another instance");
        }
        finally
        {
            foreach (var instance in instances)
            {
                instance?.Dispose();
            }
        }
    }

    private Dictionary<string, string> Settings(string container, string writer) => new()
    {
        ["WakeDock__Storage__Kind"] = "Blob",
        ["WakeDock__Storage__Blob__Endpoint"] = azurite.BlobEndpoint!.ToString(),
        ["WakeDock__Storage__Blob__AccountName"] = AzuriteFixture.AccountName,
        ["WakeDock__Storage__Blob__AccountKey"] = AzuriteFixture.AccountKey,
        ["WakeDock__Storage__Blob__Container"] = container,
        ["WakeDock__Storage__WriterId"] = writer,
        ["WakeDock__ScaleOut__Enabled"] = "true",
        ["WakeDock__ScaleOut__LeaseDuration"] = "00:00:15",
        ["WakeDock__ScaleOut__OwnershipWait"] = "00:00:03",
        ["WakeDock__Timers__Schedules__alert-sweep"] = "*/2 * * * * *",
        ["WakeDock__Timers__Schedules__compaction"] = "0 0 0 1 1 *",
        ["WakeDock__Timers__Schedules__rollup"] = "0 0 0 1 1 *",
    };

    private static string ContainerId(int host, int container) => $"h{host:00}-c{container}";

    private async Task AgentAsync(int host, HostProcess?[] instances, ConcurrentDictionary<string, CloudEvent<SampleBatch>> sent,
        ConcurrentDictionary<(string, long), bool> acknowledged, CancellationToken stop)
    {
        var name = $"host-{host:00}";
        for (long sequence = 1; !stop.IsCancellationRequested; sequence += ContainersPerHost)
        {
            var at = DateTimeOffset.UtcNow;
            var samples = Enumerable.Range(0, ContainersPerHost)
                .Select(c => Samples.Of(ContainerId(host, c), at, cpu: host < 3 && c == 0 ? 97 : 10 + c, sequence: sequence + c, host: name)).ToList();
            var batch = Samples.Batch($"{name}-{sequence}", samples, name);
            batch = batch with { Data = batch.Data! with { HostMetrics = ReadingOf(host, sequence, at) } };
            sent[batch.Id] = batch;
            try
            {
                if (await DeliverAsync(instances, batch, stop) == "SUCCESS")
                {
                    foreach (var sample in samples)
                    {
                        acknowledged[(name, sample.Sequence)] = true;
                    }
                }

                await Task.Delay(250, stop); // the load's pace: an agent's batch every 250 ms
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Posts to a random live instance until an answer other than RETRY (what a broker's redelivery does).</summary>
    private async Task<string> DeliverAsync(HostProcess?[] instances, CloudEvent<SampleBatch> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var instance = instances[Random.Shared.Next(instances.Length)];
            if (instance is not null)
            {
                try
                {
                    using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch));
                    content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventTypes.MediaType);
                    using var response = await _http.PostAsync(new Uri(instance.Url, PipelineNames.IngestRoute), content, cancellationToken);
                    var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?["status"]?.GetValue<string>();
                    if (status is not null and not "RETRY")
                    {
                        return status;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
                {
                }
            }

            Assert.True(attempt < 400, $"batch {batch.Id} not taken after {attempt} attempts");
            await Task.Delay(100, cancellationToken); // a broker's pause before it redelivers
        }
    }

    private async Task<Dictionary<(string Host, long Sequence), int>> StoredAsync(string container)
    {
        using var store = new AzureBlobStore(new BlobContainerClient(azurite.ConnectionString, container));
        return await StoredSamples.CountAsync(store, Ct);
    }

    /// <summary>Waits until the three give the same answer (each follows the others' segments every second), and returns it.</summary>
    private async Task<string> AnswerAlikeAsync(HostProcess?[] instances, string path, Func<JsonNode, string> canonical)
    {
        var answers = new string[instances.Length];
        await Eventually.TrueAsync(async () =>
        {
            for (var i = 0; i < instances.Length; i++)
            {
                answers[i] = canonical(JsonNode.Parse(await _http.GetStringAsync(new Uri(instances[i]!.Url, path), Ct))!);
            }

            return answers.Distinct().Count() == 1;
        }, TimeSpan.FromSeconds(30), () => $"{path} answered differently: {Difference(answers)}", Ct, every: TimeSpan.FromMilliseconds(500));
        Assert.True(answers[0].Length > 20, $"{path} answered {answers[0]}");
        return answers[0];
    }

    /// <summary>The lines some instance's answer has and another's lacks.</summary>
    private static string Difference(string[] answers)
    {
        var lines = answers.Select(a => a.Split('\n').ToHashSet(StringComparer.Ordinal)).ToList();
        return string.Join(" | ", lines.Select((own, i) => $"instance {i} alone: {own.Count(l => lines.Any(other => !other.Contains(l)))} lines, e.g. {own.FirstOrDefault(l => lines.Any(other => !other.Contains(l)))}"));
    }

    private static string ContainersOf(JsonNode answer)
    {
        var containers = answer["containers"]!.AsArray().Select(c => c!.AsObject().Where(p => p.Key != "active").ToDictionary(p => p.Key, p => p.Value?.ToJsonString()));
        Assert.Equal(Hosts * ContainersPerHost, answer["containers"]!.AsArray().Count);
        return string.Join('\n', containers.Select(c => string.Join(',', c.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))).Order(StringComparer.Ordinal));
    }

    private static HostMetrics ReadingOf(int host, long sequence, DateTimeOffset at) => new()
    {
        Timestamp = at,
        CpuCount = 4,
        CpuPercent = (host + sequence) % 97,
        MemoryTotalBytes = 8L << 30,
        MemoryAvailableBytes = (4L << 30) - sequence,
        Filesystems = [new HostFilesystem { Role = "data", Mountpoint = "/var/lib/docker", SizeBytes = 100L << 30, AvailableBytes = (50L << 30) - (sequence << 20), UsedPercent = 50 }],
    };

    private static string HostsOf(JsonNode answer)
    {
        var hosts = answer["hosts"]!.AsArray().Select(h => h!).ToList();
        Assert.Equal(Hosts, hosts.Count(h => h["metrics"] is JsonObject));
        return string.Join('\n', hosts.Select(h => $"{h["host"]}: {h["metrics"]?.ToJsonString()} {h["disk_predictions"]?.ToJsonString()}").Order(StringComparer.Ordinal));
    }

    private static string SamplesOf(JsonNode answer)
    {
        var samples = new List<string>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                if (o["container_id"] is { } id && o["timestamp"] is { } at)
                {
                    samples.Add($"{id}@{at}");
                }

                foreach (var (_, child) in o)
                {
                    Walk(child);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var child in a)
                {
                    Walk(child);
                }
            }
        }

        Walk(answer);
        return string.Join('\n', samples.Order(StringComparer.Ordinal));
    }

    private async Task<(double Success, double Elsewhere)> TimerRunsAsync(HostProcess?[] instances)
    {
        double success = 0, elsewhere = 0;
        foreach (var instance in instances)
        {
            var text = await _http.GetStringAsync(new Uri(instance!.Url, "/metrics"), Ct);
            foreach (Match line in TimerRunLine().Matches(text))
            {
                var value = double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
                success += line.Groups["labels"].Value.Contains("outcome=\"success\"", StringComparison.Ordinal) ? value : 0;
                elsewhere += line.Groups["labels"].Value.Contains("outcome=\"elsewhere\"", StringComparison.Ordinal) ? value : 0;
            }
        }

        return (success, elsewhere);
    }

    private static Task WaitForAsync(Func<bool> condition, TimeSpan timeout, Func<string> state)
        => Eventually.TrueAsync(() => Task.FromResult(condition()), timeout, state, Ct, every: TimeSpan.FromMilliseconds(100));

    [GeneratedRegex(@"^wakedock_timer_runs_total\{(?<labels>[^}]*function=""alert-sweep""[^}]*)\} (?<value>[0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex TimerRunLine();
}
