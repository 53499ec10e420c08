using WakeDock.Contracts;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Testing;

namespace WakeDock.Pipeline.Tests.Telemetry;

public sealed class CollectionHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheSuccessRateIsTheAgentsReadsThatSucceededOverThoseAttempted()
    {
        var health = new CollectionHealth(new ManualTimeProvider(T0));
        var before = health.SuccessRate;

        health.RecordReads(new SampleBatch { Host = "a", ReadsAttempted = 10, ReadsFailed = 1 });
        health.RecordReads(new SampleBatch { Host = "b", ReadsAttempted = 30, ReadsFailed = 0 });
        health.RecordReads(new SampleBatch { Host = "old-agent" });

        Assert.Null(before);
        Assert.Equal((40L, 1L, 0.975), (health.ReadsAttempted, health.ReadsFailed, health.SuccessRate!.Value));
    }

    [Fact]
    public void AlertsPerHourCountsRaisedAlertsOfTheLastHourOnly()
    {
        var clock = new ManualTimeProvider(T0);
        var health = new CollectionHealth(clock);
        health.RecordAlert(Alert(AlertState.Firing));
        clock.Advance(TimeSpan.FromMinutes(30));
        health.RecordAlert(Alert(AlertState.Firing));
        health.RecordAlert(Alert(AlertState.Firing));
        health.RecordAlert(Alert(AlertState.Resolved));

        var atHalfPast = health.RaisedInTheLastHour();
        clock.Advance(TimeSpan.FromMinutes(30));
        var anHourLater = health.RaisedInTheLastHour();
        clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal((3, 2, 0), (atHalfPast, anHourLater, health.RaisedInTheLastHour()));
    }

    private static Alert Alert(AlertState state) => new() { ContainerId = "abc123", Timestamp = T0, State = state, Level = AlertLevel.Warning };
}
