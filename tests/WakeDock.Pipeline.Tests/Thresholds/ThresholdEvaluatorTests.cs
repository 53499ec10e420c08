using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Local;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Testing;

namespace WakeDock.Pipeline.Tests.Thresholds;

public sealed class ThresholdEvaluatorTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 16, 10, 30, 0, TimeSpan.Zero);
    private readonly string _root = TempFolder.Create("thresholds");
    private readonly ThresholdStore _thresholds;
    private readonly ThresholdEvaluator _evaluator;

    // The state machine itself, one sample at a time: no sustained window, no cooldown (NoiseDefaultsTests covers those).
    private readonly IOptions<WakeDockOptions> _options = Microsoft.Extensions.Options.Options.Create(new WakeDockOptions { Thresholds = { ForSeconds = 0 }, Alerts = { Cooldown = TimeSpan.Zero } });

    public ThresholdEvaluatorTests()
    {
        _thresholds = new ThresholdStore(new LocalFolderStore(_root), _options);
        _evaluator = new ThresholdEvaluator(_thresholds, _options);
    }

    public void Dispose()
    {
        _thresholds.Dispose();
        TempFolder.Delete(_root);
    }

    /// <summary>CPU at 70/90 %, 5 % hysteresis (resolves under 66.5 %); a sample every 5 s. F fired, E escalated, R resolved.</summary>
    public static TheoryData<string, double[], double, string[]> CpuEpisodes => new()
    {
        { "calm", [50, 60, 69.9], 0, [] },
        { "one alert per episode, not per sample", [75, 80, 85], 0, ["F warning 70"] },
        { "reaching the level counts", [70], 0, ["F warning 70"] },
        { "straight to critical", [95], 0, ["F critical 90"] },
        { "escalation keeps the episode", [75, 95, 96], 0, ["F warning 70", "E critical 90"] },
        { "inside the hysteresis it keeps firing", [75, 68, 67], 0, ["F warning 70"] },
        { "under the hysteresis it resolves", [75, 66], 0, ["F warning 70", "R warning 70"] },
        { "critical resolves under the warning level", [95, 80, 60], 0, ["F critical 90", "R critical 70"] },
        { "a new episode after a resolution", [75, 60, 75], 0, ["F warning 70", "R warning 70", "F warning 70"] },
        { "for 30 s: 25 s above is not enough", [75, 75, 75, 75, 75, 75], 30, [] },
        { "for 30 s: fires at 30 s", [75, 75, 75, 75, 75, 75, 75], 30, ["F warning 70"] },
        { "for 30 s: a dip restarts the clock", [75, 75, 75, 50, 75, 75, 75, 75, 75, 75], 30, [] },
    };

    [Theory]
    [MemberData(nameof(CpuEpisodes))]
    public async Task CpuEpisodesFollowTheStateMachine(string because, double[] values, double forSeconds, string[] expected)
    {
        await _thresholds.PutAsync(new Threshold { MetricType = MetricType.CpuPercent, WarningThreshold = 70, CriticalThreshold = 90, ForSeconds = forSeconds }, TestContext.Current.CancellationToken);

        var records = values.SelectMany((v, i) => Evaluate(Samples.Of("abc123", T0.AddSeconds(5 * i), cpu: v))).ToList();

        Assert.True(expected.SequenceEqual(records.Select(Describe)), $"{because}: got [{string.Join(", ", records.Select(Describe))}]");
        Assert.True(records.Where(r => r.Change != AlertChange.Fired).All(r => records.Any(f => f.Change == AlertChange.Fired && f.Alert.Id == r.Alert.Id)), "escalations and resolutions carry the episode's id");
    }

    [Fact]
    public void TheAlertHasTheSpecShapeAndSentence()
    {
        var record = Assert.Single(Evaluate(Samples.Of("abc123", T0, cpu: 95)));

        var alert = record.Alert;
        Assert.Equal(("abc123", "abc123-name", "web", "host-1"), (alert.ContainerId, alert.ContainerName, alert.ServiceName, alert.Host));
        Assert.Equal((AlertLevel.Critical, AlertState.Firing, MetricType.CpuPercent, 95.0, 90.0), (alert.Level, alert.State, alert.MetricType!.Value, alert.Value!.Value, alert.Threshold!.Value));
        Assert.Equal("CPU critique: 95.0% (seuil: 90%)", alert.Message);
        Assert.Equal(T0, alert.Timestamp);
        Assert.NotNull(alert.Id);
    }

    [Fact]
    public void MemoryAndNetworkUseTheirOwnLevelsAndUnits()
    {
        var records = Evaluate(Samples.Of("abc123", T0, cpu: 1, memory: 96, rxBytesPerSec: 150 * 1024 * 1024));

        Assert.Equal(["F critical 95", "F warning 100"], records.Select(Describe));
        Assert.Equal("Mémoire critique: 96.0% (seuil: 95%)", records[0].Alert.Message);
        Assert.Equal("Réseau entrant élevé: 150.0 MB/s (seuil: 100 MB/s)", records[1].Alert.Message);
    }

    [Fact]
    public async Task AContainerOverrideBeatsAServiceOverrideWhichBeatsTheGlobalLevel()
    {
        var ct = TestContext.Current.CancellationToken;
        await _thresholds.PutAsync(new Threshold { MetricType = MetricType.CpuPercent, WarningThreshold = 85, CriticalThreshold = 99, ServiceName = "web" }, ct);
        await _thresholds.PutAsync(new Threshold { MetricType = MetricType.CpuPercent, WarningThreshold = 50, CriticalThreshold = 60, ContainerId = "noisy" }, ct);

        Assert.Empty(Evaluate(Samples.Of("quiet", T0, cpu: 80, service: "web")));
        Assert.Equal(["F warning 70"], Evaluate(Samples.Of("other", T0, cpu: 80, service: "db")).Select(Describe));
        Assert.Equal(["F critical 60"], Evaluate(Samples.Of("noisy", T0, cpu: 80, service: "web")).Select(Describe));
        Assert.True(await _thresholds.DeleteAsync(MetricType.CpuPercent, "noisy", null, ct));
        Assert.Equal(85, _thresholds.Resolve(MetricType.CpuPercent, "noisy", "web").WarningThreshold);
    }

    [Fact]
    public async Task ADisabledThresholdRaisesNothing()
    {
        await _thresholds.PutAsync(new Threshold { MetricType = MetricType.CpuPercent, WarningThreshold = 70, CriticalThreshold = 90, Enabled = false }, TestContext.Current.CancellationToken);

        Assert.Empty(Evaluate(Samples.Of("abc123", T0, cpu: 99)));
    }

    [Fact]
    public void LifecycleEventsOpenAndCloseTheirEpisodes()
    {
        var records = new List<AlertRecord>();
        records.AddRange(Events(T0, ("die", 137, null), ("die", 137, null)));
        records.AddRange(Events(T0.AddSeconds(1), ("oom", null, null)));
        records.AddRange(Events(T0.AddSeconds(2), ("start", null, null)));
        records.AddRange(Events(T0.AddSeconds(3), ("health_status", null, "unhealthy"), ("health_status", null, "healthy")));
        records.AddRange(Events(T0.AddSeconds(4), ("die", 0, null)));

        Assert.Equal(
            ["F warning container_exit", "F critical container_oom", "R warning container_exit", "R critical container_oom", "F warning container_unhealthy", "R warning container_unhealthy"],
            records.Select(r => $"{r.Change.ToString()[0]} {r.Alert.Level.ToString().ToLowerInvariant()} {WireNames.Of(r.Alert.MetricType!.Value)}"));
        Assert.Equal("Conteneur arrêté avec le code 137", records[0].Alert.Message);
    }

    [Fact]
    public void StartsInQuickSuccessionAreARestartLoopThatEndsOnceCalm()
    {
        var records = Enumerable.Range(0, 5).SelectMany(i => Events(T0.AddSeconds(30 * i), ("start", null, null))).ToList();

        Assert.Equal(["F warning 3", "E critical 5"], records.Select(r => $"{r.Change.ToString()[0]} {r.Alert.Level.ToString().ToLowerInvariant()} {r.Alert.Threshold}"));
        Assert.Empty(SweepContainers(T0.AddMinutes(5)));
        Assert.Equal(AlertChange.Resolved, Assert.Single(SweepContainers(T0.AddMinutes(30))).Change);
    }

    [Fact]
    public void AHostWithoutBatchesForThreeIntervalsIsSilentUntilItSendsAgain()
    {
        _evaluator.Evaluate(Samples.Batch("b1", [Samples.Of("abc123", T0)]).Data!, T0);

        Assert.Empty(_evaluator.Sweep(T0.AddSeconds(14)));
        var warning = Assert.Single(_evaluator.Sweep(T0.AddSeconds(16)));
        Assert.Empty(_evaluator.Sweep(T0.AddSeconds(20)));
        var critical = Assert.Single(_evaluator.Sweep(T0.AddSeconds(61)));
        var back = Assert.Single(_evaluator.Evaluate(Samples.Batch("b2", [Samples.Of("abc123", T0.AddSeconds(70))]).Data!, T0.AddSeconds(70)));

        Assert.Equal((MetricType.HostSilent, AlertLevel.Warning, "", "host-1"), (warning.Alert.MetricType!.Value, warning.Alert.Level, warning.Alert.ContainerId, warning.Alert.Host!));
        Assert.Equal((AlertChange.Escalated, AlertLevel.Critical), (critical.Change, critical.Alert.Level));
        Assert.Equal((AlertChange.Resolved, warning.Alert.Id), (back.Change, back.Alert.Id));
    }

    [Fact]
    public async Task ASustainedRuleFiresFromTheSweepWhenSamplesStayAbove()
    {
        await _thresholds.PutAsync(new Threshold { MetricType = MetricType.CpuPercent, WarningThreshold = 70, CriticalThreshold = 90, ForSeconds = 60 }, TestContext.Current.CancellationToken);
        Assert.Empty(Evaluate(Samples.Of("abc123", T0, cpu: 80)));
        Assert.Empty(Evaluate(Samples.Of("abc123", T0.AddSeconds(40), cpu: 80)));

        Assert.Empty(SweepContainers(T0.AddSeconds(50)));
        Assert.Equal(["F warning 70"], SweepContainers(T0.AddSeconds(61)).Select(Describe));
    }

    [Fact]
    public void RestoredEpisodesDoNotFireAgain()
    {
        var fired = Assert.Single(Evaluate(Samples.Of("abc123", T0, cpu: 95)));
        var restarted = new ThresholdEvaluator(_thresholds, _options);
        restarted.Restore([fired.Alert]);

        Assert.Empty(restarted.Evaluate(Samples.Batch("b", [Samples.Of("abc123", T0.AddSeconds(5), cpu: 96)]).Data!, T0));
        var resolved = Assert.Single(restarted.Evaluate(Samples.Batch("b", [Samples.Of("abc123", T0.AddSeconds(10), cpu: 10)]).Data!, T0));
        Assert.Equal(fired.Alert.Id, resolved.Alert.Id);
    }

    private IReadOnlyList<AlertRecord> Evaluate(ContainerSample sample)
        => _evaluator.Evaluate(Samples.Batch("b", [sample]).Data!, sample.Timestamp);

    private IReadOnlyList<AlertRecord> Events(DateTimeOffset at, params (string Action, int? Exit, string? Health)[] events)
        => _evaluator.Evaluate(Samples.Batch("e", [], events: events.Select(e => new ContainerEvent { ContainerId = "abc123", Action = e.Action, ExitCode = e.Exit, HealthStatus = e.Health, Timestamp = at }).ToList()).Data!, at);

    /// <summary>The sweep without its silent-host part (these tests send no batches on schedule).</summary>
    private List<AlertRecord> SweepContainers(DateTimeOffset at) => _evaluator.Sweep(at).Where(r => r.Alert.MetricType != MetricType.HostSilent).ToList();

    private static string Describe(AlertRecord r) => $"{r.Change.ToString()[0]} {r.Alert.Level.ToString().ToLowerInvariant()} {r.Alert.Threshold}";
}
