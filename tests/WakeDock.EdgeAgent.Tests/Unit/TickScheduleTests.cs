using WakeDock.EdgeAgent.Collection;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class TickScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TickSchedule _schedule = new(Start, TimeSpan.FromSeconds(5));

    [Theory]
    [InlineData(0, 5)]
    [InlineData(4.999, 5)]
    [InlineData(5, 10)]
    [InlineData(5.001, 10)]
    [InlineData(22, 25)]
    [InlineData(-3, 0)]
    public void TheNextTickIsTheFirstMultipleOfTheIntervalAfterNow(double nowSeconds, double expectedSeconds)
        => Assert.Equal(Start.AddSeconds(expectedSeconds), _schedule.NextAfter(Start.AddSeconds(nowSeconds)));
}
