using System.Globalization;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Spool;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>The built agent as a child process, killed with SIGKILL while the sidecar is away.</summary>
public sealed class KillNineTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task AfterKillNineDuringAnOutageEverySpooledBatchArrivesOnceAndNoSequenceNumberIsReused()
    {
        docker.Require();
        await docker.StartIdleAsync();
        await docker.StartIdleAsync();
        using var data = new TempDirectory();
        await using var sidecar = new DaprSidecarStub();
        await sidecar.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = docker.DockerHost,
            ["WAKEDOCK_METRICS_INTERVAL"] = "1",
            ["WAKEDOCK_HOST_NAME"] = "kill-nine",
            ["DAPR_HTTP_PORT"] = sidecar.Port.ToString(CultureInfo.InvariantCulture),
            ["WakeDock__Agent__DataDirectory"] = data.Path,
            ["WakeDock__Agent__Spool__InitialBackoffSeconds"] = "0.2",
            ["WakeDock__Agent__Spool__MaxBackoffSeconds"] = "1",
        };
        var urls = $"http://127.0.0.1:{FreePort.Next()}";

        long firstRunLastSequence;
        HashSet<string> spooledAtKill;
        using (var first = AgentProcess.Start(environment, "--urls", urls))
        {
            await sidecar.WaitForAsync(r => r.Count >= 2, what: $"batches from the first run; agent said: {first.Output}");
            await sidecar.StopAsync();
            var spoolFolder = Path.Combine(data.Path, "spool");
            await Eventually.TrueAsync(() => SpooledIds(spoolFolder).Count >= 3, "three spooled batches");
            first.KillHard();
            spooledAtKill = SpooledIds(spoolFolder);
            firstRunLastSequence = Spooled(spoolFolder).Max(b => b.Data!.LastSequence);
        }

        using var second = AgentProcess.Start(environment, "--urls", urls);
        await sidecar.StartAsync();
        await sidecar.WaitForAsync(r => r.Select(DaprDeliveryTests.Read).Any(b => b.Data!.FirstSequence > firstRunLastSequence && b.Data.Samples.Count > 0),
            what: $"a live batch of the second run; agent said: {second.Output}");

        var batches = sidecar.Received.Select(DaprDeliveryTests.Read).ToList();
        Assert.Equal(batches.Count, batches.Select(b => b.Id).Distinct().Count());
        Assert.Subset(batches.Select(b => b.Id).ToHashSet(), spooledAtKill);
        var sequences = batches.SelectMany(b => b.Data!.Samples).Select(s => s.Sequence).ToList();
        Assert.True(sequences.Zip(sequences.Skip(1)).All(pair => pair.First < pair.Second), "sequence numbers must strictly increase in delivery order");
        var firstRun = sequences.Where(s => s <= firstRunLastSequence).ToList();
        Assert.Equal(Enumerable.Range((int)firstRun[0], firstRun.Count).Select(n => (long)n), firstRun);
    }

    private static HashSet<string> SpooledIds(string folder) => [.. Spooled(folder).Select(b => b.Id)];

    private static List<CloudEvent<SampleBatch>> Spooled(string folder)
    {
        var batches = new List<CloudEvent<SampleBatch>>();
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.batch").Order().ToArray() : [])
        {
            try
            {
                if (SpoolRecord.Decode(File.ReadAllBytes(file), out _) is { } payload)
                {
                    batches.Add(JsonSerializer.Deserialize(payload.Span, WakeDockJson.Context.CloudEventSampleBatch)!);
                }
            }
            catch (IOException)
            {
            }
        }

        return batches;
    }
}
