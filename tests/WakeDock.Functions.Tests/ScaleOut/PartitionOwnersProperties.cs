using FsCheck;
using FsCheck.Fluent;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.ScaleOut;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.ScaleOut;

/// <summary>
/// Two instances on one storage folder own one Docker host's partition in turn: batches (and redeliveries) go to either,
/// and a holder's lease vanishes at random (as if it expired while the holder was paused) — the holder goes on believing
/// it holds the host until its next conditional write is refused. Whatever the interleaving, every acknowledged sample is
/// stored once and no sample twice.
/// </summary>
public sealed class PartitionOwnersProperties : IAsyncLifetime
{
    private const int Batches = 5;
    private const int SamplesPerBatch = 3;
    private static int s_case;
    private readonly string _root = TempFolder.Create("owners");
    private WakeDockApplication _a = null!;
    private WakeDockApplication _b = null!;

    public ValueTask InitializeAsync()
    {
        _a = FunctionsApplication.Create(_root, Settings("owner-a"));
        _b = FunctionsApplication.Create(_root, Settings("owner-b"));
        _ = _a.Services;
        _ = _b.Services;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        TempFolder.Delete(_root);
    }

    private abstract record Step;

    private sealed record Deliver(bool ToA, int Batch) : Step;

    private sealed record LeaseLost : Step;

    [Fact]
    public void EveryAcknowledgedSampleIsStoredOnceWhateverTheInterleavingOfTwoOwners()
    {
        var step = Gen.Frequency(
            (6, from toA in Gen.Elements(true, false) from batch in Gen.Choose(0, Batches - 1) select (Step)new Deliver(toA, batch)),
            (1, Gen.Constant((Step)new LeaseLost())));
        var config = Config.QuickThrowOnFailure.WithMaxTest(25);
        Check.One(config, Prop.ForAll(Gen.ListOf(step).Select(s => s.ToList()).Where(s => s.Count > 0).ToArbitrary(), steps => RunAsync(steps).GetAwaiter().GetResult()));
    }

    private async Task<bool> RunAsync(List<Step> steps)
    {
        var host = $"host-{Interlocked.Increment(ref s_case)}";
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var acknowledged = new HashSet<long>();
        foreach (var step in steps)
        {
            switch (step)
            {
                case Deliver deliver:
                    var samples = Enumerable.Range(0, SamplesPerBatch)
                        .Select(i => Samples.Of($"{host}-c{i}", at.AddSeconds(deliver.Batch), sequence: deliver.Batch * SamplesPerBatch + i + 1, host: host)).ToList();
                    var app = deliver.ToA ? _a : _b;
                    var outcome = await app.Service<IBatchIngest>().IngestAsync(Samples.Batch($"{host}-{deliver.Batch}", samples, host), IngestOrigin.Dapr, TestContext.Current.CancellationToken);
                    if (outcome.Status == IngestStatus.Success)
                    {
                        acknowledged.UnionWith(samples.Select(s => s.Sequence));
                    }
                    else if (outcome.Status != IngestStatus.Retry)
                    {
                        throw new InvalidOperationException($"{step}: {outcome}");
                    }

                    break;
                case LeaseLost:
                    var lease = Path.Combine(_root, PartitionRecord.LeaseName(host));
                    if (File.Exists(lease))
                    {
                        File.Delete(lease);
                    }

                    break;
            }
        }

        var stored = (await StoredSamples.InFolderAsync(_root, TestContext.Current.CancellationToken)).Where(s => s.Key.Host == host).ToDictionary(s => s.Key.Sequence, s => s.Value);
        var twice = stored.Where(s => s.Value > 1).Select(s => s.Key).ToList();
        var lost = acknowledged.Where(s => !stored.ContainsKey(s)).ToList();
        if (twice.Count > 0 || lost.Count > 0)
        {
            throw new InvalidOperationException($"{string.Join(", ", steps)}: stored twice [{string.Join(',', twice)}], acknowledged but not stored [{string.Join(',', lost)}]");
        }

        return true;
    }

    private static Dictionary<string, string?> Settings(string writer) => new()
    {
        ["WakeDock:Storage:WriterId"] = writer,
        ["WakeDock:ScaleOut:Enabled"] = "true",
        ["WakeDock:ScaleOut:OwnershipWait"] = "00:00:00",
        ["WakeDock:ScaleOut:IdleRelease"] = "01:00:00",
        ["WakeDock:ScaleOut:LeaseDuration"] = "00:01:00",
    };
}
