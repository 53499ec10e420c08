using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Local;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Testing;

namespace WakeDock.Pipeline.Tests.Thresholds;

/// <summary>The defaults against flapping — 15 s sustained window, 10 % hysteresis, 60 s cooldown — on the recorded noisy hour.</summary>
public sealed class NoiseDefaultsTests
{
    private static readonly TimeSpan OneInterval = TimeSpan.FromSeconds(NoisyHour.IntervalSeconds);

    /// <summary>What alerting did before: the first sample over a level fires, the first under the hysteresis resolves.</summary>
    private static WakeDockOptions Previous() => new() { Thresholds = { ForSeconds = 0, HysteresisPercent = 5 }, Alerts = { Cooldown = TimeSpan.Zero } };

    [Fact]
    public void TheNoisyHourWritesAtLeastEightyPercentFewerRecords()
    {
        var before = Replay(Previous());
        var now = Replay(new WakeDockOptions());

        var reduction = 1 - (double)now.Count / before.Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"noisy hour: {before.Count} records before ({Summary(before)}), {now.Count} with the defaults ({Summary(now)}), {reduction:P1} fewer");
        Assert.True(before.Count >= 100, $"the recorded hour is noisy under the previous behaviour: {before.Count} records");
        Assert.True(reduction >= 0.8, $"{before.Count} records before, {now.Count} with the defaults ({reduction:P0} fewer)");
    }

    [Theory]
    [InlineData(70.0, AlertLevel.Warning)]
    [InlineData(90.0, AlertLevel.Critical)]
    public void EverySustainedBreachStillAlertsWithinOneIntervalOfTheWindow(double level, AlertLevel expected)
    {
        var options = new WakeDockOptions();
        var batches = NoisyHour.Batches();
        var records = Replay(options);
        var breaches = NoisyHour.Breaches(batches, level, TimeSpan.FromSeconds(30)).ToList();

        Assert.NotEmpty(breaches);
        foreach (var (container, from, _) in breaches)
        {
            var deadline = from + TimeSpan.FromSeconds(options.Thresholds.ForSeconds) + OneInterval;
            Assert.True(LevelAt(records, container, deadline) >= expected,
                $"{container} at or above {level} % from {from:HH:mm:ss}: {LevelAt(records, container, deadline)?.ToString() ?? "no alert"} at {deadline:HH:mm:ss}");
        }
    }

    [Fact]
    public void ABreachShorterThanTheWindowDoesNotFire()
    {
        var records = Run(new WakeDockOptions(), [75, 80, 85, 60, 75, 80, 85, 60]);

        Assert.Empty(records);
    }

    [Fact]
    public void ABreachHoldingForTheWindowFiresOnceAndDipsDuringTheCooldownDoNotResolveIt()
    {
        var records = Run(new WakeDockOptions(), [75, 75, 75, 75, 50, 75, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50]);

        Assert.Equal(["Fired warning at 15 s", "Resolved warning at 90 s"], records.Select(Describe));
    }

    [Fact]
    public void InsideTheHysteresisTheEpisodeNeverStartsItsCooldown()
    {
        var records = Run(new WakeDockOptions(), [75, 75, 75, 75, .. Enumerable.Repeat(64.0, 20)]);

        Assert.Equal(["Fired warning at 15 s"], records.Select(Describe));
    }

    [Fact]
    public void EscalationWaitsForTheCriticalLevelToHoldAsLong()
    {
        var records = Run(new WakeDockOptions(), [75, 75, 75, 75, 95, 80, 95, 95, 95, 95]);

        Assert.Equal(["Fired warning at 15 s", "Escalated critical at 45 s"], records.Select(Describe));
    }

    private static List<AlertRecord> Replay(WakeDockOptions settings)
    {
        var root = TempFolder.Create("noisy-hour");
        try
        {
            var options = Microsoft.Extensions.Options.Options.Create(settings);
            using var thresholds = new ThresholdStore(new LocalFolderStore(root), options);
            var evaluator = new ThresholdEvaluator(thresholds, options);
            return NoisyHour.Batches().SelectMany(b => evaluator.Evaluate(b, b.Samples[0].Timestamp)).ToList();
        }
        finally
        {
            TempFolder.Delete(root);
        }
    }

    private static List<AlertRecord> Run(WakeDockOptions settings, double[] cpu)
    {
        var root = TempFolder.Create("noise");
        try
        {
            var options = Microsoft.Extensions.Options.Options.Create(settings);
            using var thresholds = new ThresholdStore(new LocalFolderStore(root), options);
            var evaluator = new ThresholdEvaluator(thresholds, options);
            return cpu.SelectMany((v, i) => evaluator.Evaluate(Samples.Batch("b", [Samples.Of("abc123", NoisyHour.Start.AddSeconds(5 * i), cpu: v)]).Data!, NoisyHour.Start)).ToList();
        }
        finally
        {
            TempFolder.Delete(root);
        }
    }

    /// <summary>The level of the container's CPU episode at <paramref name="at"/> from the records written so far; null when none is open.</summary>
    private static AlertLevel? LevelAt(IEnumerable<AlertRecord> records, string container, DateTimeOffset at)
    {
        AlertLevel? level = null;
        foreach (var r in records.Where(r => r.Alert.ContainerId == container && r.Alert.MetricType == MetricType.CpuPercent && r.Alert.Timestamp <= at))
        {
            level = r.Change == AlertChange.Resolved ? null : r.Alert.Level;
        }

        return level;
    }

    private static string Summary(List<AlertRecord> records) => string.Join(", ", records.GroupBy(r => r.Change).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));

    private static string Describe(AlertRecord r) => $"{r.Change} {r.Alert.Level.ToString().ToLowerInvariant()} at {(r.Alert.Timestamp - NoisyHour.Start).TotalSeconds:0} s";
}
