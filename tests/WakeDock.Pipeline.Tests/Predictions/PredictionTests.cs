using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Hosts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Predictions;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage.Local;
using WakeDock.Pipeline.Thresholds;
using WakeDock.Pipeline.Tiers;
using WakeDock.Testing;

namespace WakeDock.Pipeline.Tests.Predictions;

/// <summary>Trend, anomaly and incident alerts on generated series whose answer is known.</summary>
public sealed class PredictionTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly string _root = TempFolder.Create("predictions");
    private readonly IOptions<WakeDockOptions> _options = Microsoft.Extensions.Options.Options.Create(new WakeDockOptions());
    private readonly ThresholdStore _thresholds;

    public PredictionTests() => _thresholds = new ThresholdStore(new LocalFolderStore(_root), _options);

    public void Dispose()
    {
        _thresholds.Dispose();
        TempFolder.Delete(_root);
    }

    [Fact]
    public void ALineIsFittedExactly()
    {
        var fit = LinearFit.Of([.. Enumerable.Range(0, 10).Select(x => ((double)x, 2.0 * x + 3))])!;

        Assert.Equal((2.0, 3.0, 1.0), (Math.Round(fit.Slope, 9), Math.Round(fit.Intercept, 9), Math.Round(fit.RSquared, 9)));
        Assert.Equal(5.0, fit.XAt(13));
        Assert.Null(LinearFit.Of([(1, 1), (1, 2)]));
    }

    /// <summary>100 MiB 30 min ago, +2 MiB a minute (±0.5 MiB of noise), a 184 MiB limit: full in 12 minutes.</summary>
    private static List<ContainerSample> Growing(double mibPerMinute = 2, long limitMiB = 184) =>
    [
        .. Enumerable.Range(0, 361).Select(i =>
        {
            var at = Now.AddMinutes(-30).AddSeconds(5 * i);
            var usage = (100 + mibPerMinute * (5 * i / 60.0) + (i % 2 == 0 ? 0.5 : -0.5)) * MiB;
            return Samples.Of("leaky", at) with { MemoryUsage = (long)usage, MemoryLimit = limitMiB * MiB, MemoryPercent = usage / (limitMiB * MiB) * 100 };
        }),
    ];

    [Fact]
    public void MemoryGrowingTowardItsLimitIsPredictedToBeFullInTwelveMinutes()
    {
        var forecast = MemoryForecast.Of(Growing(), Now, _options.Value.Alerts.Predictions)!;

        Assert.InRange(forecast.Left.TotalMinutes, 11.9, 12.1);
        Assert.True(forecast.Fit.RSquared > 0.99);
        Assert.Null(MemoryForecast.Of(Growing(mibPerMinute: 0), Now, _options.Value.Alerts.Predictions));
        Assert.Null(MemoryForecast.Of(Growing(mibPerMinute: -1), Now, _options.Value.Alerts.Predictions));
        Assert.Null(MemoryForecast.Of(Growing()[^5..], Now, _options.Value.Alerts.Predictions));
    }

    [Fact]
    public void TheTrendWatchFiresOomPredictedOnceAndResolvesWhenTheGrowthStops()
    {
        var clock = new ManualTimeProvider(Now);
        var recent = new RecentSamples(clock, TimeSpan.FromHours(2));
        recent.Add(Growing());
        var watch = new TrendWatch(recent, _thresholds, _options);

        var fired = Assert.Single(watch.Sweep(Now));
        var again = watch.Sweep(Now);
        clock.Advance(TimeSpan.FromMinutes(31));
        recent.Add([.. Enumerable.Range(0, 360).Select(i => Samples.Of("leaky", Now.AddSeconds(5 * (i + 1))) with { MemoryUsage = 50 * MiB, MemoryLimit = 184 * MiB })]);
        var resolved = Assert.Single(watch.Sweep(clock.GetUtcNow()));

        Assert.Equal((AlertChange.Fired, AlertLevel.Critical, MetricType.OomPredicted), (fired.Change, fired.Alert.Level, fired.Alert.MetricType!.Value));
        Assert.StartsWith("OOM prévu dans 12 min", fired.Alert.Message, StringComparison.Ordinal);
        Assert.Empty(again);
        Assert.Equal((AlertChange.Resolved, fired.Alert.Id), (resolved.Change, resolved.Alert.Id));
    }

    private const long GiB = 1024 * MiB;

    /// <summary>
    /// A host's Docker data disk of 100 GiB read every minute for two hours, 20 GiB free at the start and 1 GiB a hour
    /// less (±50 MiB of noise): 18 GiB free now, full in 18 hours. Its root file system does not move.
    /// </summary>
    private static HostMetrics Reading(DateTimeOffset at, double availableGiB) => new()
    {
        Timestamp = at,
        Filesystems =
        [
            new HostFilesystem { Role = "data", Mountpoint = "/var/lib/docker", SizeBytes = 100 * GiB, AvailableBytes = (long)(availableGiB * GiB) },
            new HostFilesystem { Role = "root", Mountpoint = "/", SizeBytes = 50 * GiB, AvailableBytes = 30 * GiB },
        ],
    };

    private static HostBoard Filling(int minutes = 120, double giBPerHour = 1)
    {
        var board = new HostBoard(Microsoft.Extensions.Options.Options.Create(new WakeDockOptions()));
        for (var i = 0; i <= minutes; i++)
        {
            board.Record("disk-host", Reading(Now.AddMinutes(i - minutes), 20 - giBPerHour * i / 60.0 + (i % 2 == 0 ? 0.05 : -0.05)));
        }

        return board;
    }

    [Fact]
    public void ADiskFillingInAStraightLineIsPredictedFullWhenItsFreeSpaceRunsOut()
    {
        var settings = _options.Value.Alerts.Predictions;
        var space = Filling().Space("disk-host");

        var data = DiskForecast.Of("/var/lib/docker", space["/var/lib/docker"], Now, settings)!;

        Assert.InRange(data.Left.TotalHours, 17.8, 18.2);
        Assert.True(data.Fit.RSquared > 0.98);
        Assert.Null(DiskForecast.Of("/", space["/"], Now, settings));
        Assert.Null(DiskForecast.Of("/var/lib/docker", Filling(giBPerHour: -1).Space("disk-host")["/var/lib/docker"], Now, settings));
        // 20 minutes of readings are too short a span to extrapolate days from
        Assert.Null(DiskForecast.Of("/var/lib/docker", Filling(minutes: 20).Space("disk-host")["/var/lib/docker"], Now, settings));
    }

    [Fact]
    public void TheBoardKeepsOnlyTheDiskWindowAndIgnoresAnOlderReading()
    {
        var board = Filling(minutes: 180);
        board.Record("disk-host", Reading(Now.AddMinutes(-10), 99));

        var points = board.Space("disk-host")["/var/lib/docker"];

        Assert.Equal(Now.AddHours(-2), points[0].At);
        Assert.Equal(121, points.Count);
        Assert.Equal(Now, board.Latest("disk-host")!.Timestamp);
    }

    [Fact]
    public void TheDiskWatchFiresCriticalWithinADayEscalatesNeverTwiceAndResolvesWhenTheDiskIsCleaned()
    {
        var board = Filling(giBPerHour: 0.1);
        var watch = new DiskWatch(board, _thresholds, _options);

        // 18 GiB at 0.1 GiB an hour: 7.5 days, beyond the 7-day warning horizon
        var quiet = watch.Sweep(Now);
        for (var i = 1; i <= 120; i++)
        {
            board.Record("disk-host", Reading(Now.AddMinutes(i), 18 - 3.0 * i / 60));
        }

        var later = Now.AddHours(2);
        var fired = Assert.Single(watch.Sweep(later));
        var again = watch.Sweep(later);
        for (var i = 1; i <= 120; i++)
        {
            board.Record("disk-host", Reading(later.AddMinutes(i), 60));
        }

        var resolved = Assert.Single(watch.Sweep(later.AddHours(2)));

        Assert.Empty(quiet);
        Assert.Equal((AlertChange.Fired, AlertLevel.Critical, MetricType.DiskFullPredicted, "disk-host", ""),
            (fired.Change, fired.Alert.Level, fired.Alert.MetricType!.Value, fired.Alert.Host, fired.Alert.ContainerId));
        Assert.Matches(@"^Disque /var/lib/docker plein dans \d+ h$", fired.Alert.Message);
        Assert.Empty(again);
        Assert.Equal((AlertChange.Resolved, fired.Alert.Id, AlertState.Resolved), (resolved.Change, resolved.Alert.Id, resolved.Alert.State));
    }

    [Fact]
    public void SamplesFasterThanTheFitNeedsAreThinnedEvenlyKeepingTheNewestAndTheForecastHolds()
    {
        // 30 minutes at 10 samples a second: 18,000 samples, the fit sees at most 360 of them
        var recent = new RecentSamples(new ManualTimeProvider(Now), TimeSpan.FromHours(2));
        recent.Add([.. Enumerable.Range(0, 18_001).Select(i =>
        {
            var at = Now.AddMinutes(-30).AddMilliseconds(100 * i);
            return Samples.Of("leaky", at) with { MemoryUsage = (long)((100 + 2 * (i / 600.0)) * MiB), MemoryLimit = 184 * MiB };
        })]);

        var spaced = recent.ReadSpaced(SampleFilter.All, Now.AddMinutes(-30), Now, TrendWatch.FitPoints);
        var steps = spaced.Zip(spaced.Skip(1), (a, b) => b.Timestamp - a.Timestamp).Distinct().ToList();

        Assert.InRange(spaced.Count, 300, TrendWatch.FitPoints);
        Assert.Equal(Now, spaced[^1].Timestamp);
        Assert.Single(steps);
        Assert.InRange(MemoryForecast.Of(spaced, Now, _options.Value.Alerts.Predictions)!.Left.TotalMinutes, 11.9, 12.1);
        Assert.Equal(3, recent.ReadSpaced(SampleFilter.All, Now.AddSeconds(-0.2), Now, TrendWatch.FitPoints).Count);
    }

    [Fact]
    public void TheRobustZScoreIgnoresTheOutlierInItsBaseline()
    {
        var z = RobustZScore.Of([10, 11, 12, 13, 100])!;

        Assert.Equal((12.0, 1.0), (z.Median, z.Mad));
        Assert.Equal(59.356, Math.Round(z.Score(100), 3));
        Assert.Equal(0, z.Score(12));
    }

    /// <summary>Eight past Thursdays at 08:00 near 20 % CPU (median 20, MAD 1), other hours near 80 %.</summary>
    private static List<RollupPoint> History()
    {
        var hour = Now.AddHours(-1);
        var usual = new[] { 20.0, 21, 19, 20, 22, 18, 20, 21 };
        return
        [
            .. usual.Select((cpu, w) => Point(hour.AddDays(-7 * (w + 1)), cpu)),
            .. usual.Select((_, w) => Point(hour.AddDays(-7 * (w + 1)).AddHours(1), 80)),
        ];
    }

    private static RollupPoint Point(DateTimeOffset at, double cpu) => new()
    {
        ContainerId = "web-1",
        ServiceName = "web",
        Host = "host-1",
        Timestamp = at,
        StepSeconds = 3600,
        Count = 720,
        CpuPercent = new Aggregate(cpu, cpu, cpu, cpu),
        MemoryPercent = new Aggregate(30, 30, 30, 30),
        MemoryUsage = new Aggregate(1, 1, 1, 1),
        NetworkRxBytesPerSec = new Aggregate(0, 0, 0, 0),
        NetworkTxBytesPerSec = new Aggregate(0, 0, 0, 0),
        Pids = new Aggregate(1, 1, 1, 1),
    };

    [Fact]
    public async Task AnAnomalyIsOffByDefaultAndWhenEnabledShowsItsBaseline()
    {
        var hour = Now.AddHours(-1);
        using var off = new AnomalyWatch(new TierStore(new LocalFolderStore(_root)), _thresholds, _options);
        var silent = off.Evaluate(hour, [Point(hour, 40)], History());
        await _thresholds.PutAsync(new Threshold { MetricType = MetricType.CpuAnomaly, WarningThreshold = 3.5, CriticalThreshold = 6, ServiceName = "web" }, TestContext.Current.CancellationToken);
        using var watch = new AnomalyWatch(new TierStore(new LocalFolderStore(_root)), _thresholds, _options);

        var usual = watch.Evaluate(hour, [Point(hour, 21)], History());
        var record = Assert.Single(watch.Evaluate(hour, [Point(hour, 40)], History()));
        var back = Assert.Single(watch.Evaluate(hour.AddHours(1), [Point(hour.AddHours(1), 80)], History()));

        Assert.Empty(silent);
        Assert.Empty(usual);
        Assert.Equal((AlertChange.Fired, AlertLevel.Critical, MetricType.CpuAnomaly, 13.49), (record.Change, record.Alert.Level, record.Alert.MetricType!.Value, record.Alert.Value!.Value));
        Assert.Equal("CPU inhabituel: 40.0% (habituel à cette heure: 20.0% ± 1.5, z = 13.5)", record.Alert.Message);
        Assert.Equal((AlertChange.Resolved, record.Alert.Id), (back.Change, back.Alert.Id));
    }

    [Fact]
    public void AlertsOfOneServiceWithinAMinuteOfEachOtherAreOneIncident()
    {
        static Alert At(int seconds, string container, string? service, AlertLevel level = AlertLevel.Warning) => new()
        {
            ContainerId = container, ServiceName = service, Host = "host-1", Timestamp = Now.AddSeconds(seconds), Level = level, State = AlertState.Firing,
        };

        var incidents = Incidents.Group(
        [
            At(0, "web-1", "web"), At(30, "web-2", "web", AlertLevel.Critical), At(80, "web-1", "web"),
            At(200, "web-2", "web"),
            At(10, "cron", null),
            new Alert { ContainerId = "web-1", ServiceName = "web", Host = "host-1", Timestamp = Now.AddSeconds(40), State = AlertState.Resolved },
        ], TimeSpan.FromMinutes(1));

        Assert.Equal(["service:web 1", "service:web 3", "host:host-1 1"], incidents.Select(i => $"{i.Key} {i.Members.Count}"));
        var first = incidents[1];
        Assert.Equal((Now, Now.AddSeconds(80), AlertLevel.Critical), (first.Started, first.LastRaised, first.Level));
    }
}
