using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Observability;
using WakeDock.Observability.Tests.Support;

namespace WakeDock.Observability.Tests.Metrics;

public sealed class ContainerCpuTimeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EachSampleAddsItsAverageCpuOverTheTimeSinceThePreviousOne()
    {
        var cpu = new ContainerCpuTime();

        cpu.Add([Batches.Sample("a", T0, cpu: 50)], intervalSeconds: 5);                    // first: one interval, 0.5 × 5
        cpu.Add([Batches.Sample("a", T0.AddSeconds(5), cpu: 100)], intervalSeconds: 5);     // + 1.0 × 5
        cpu.Add([Batches.Sample("a", T0.AddSeconds(9), cpu: 250)], intervalSeconds: 5);     // + 2.5 × 4 (several cores)

        Assert.Equal((2.5 + 5 + 10, 5), cpu.Of("a"));
    }

    [Fact]
    public void AGapLongerThanTwoIntervalsIsCreditedTwoIntervalsOnly()
    {
        var cpu = new ContainerCpuTime();
        cpu.Add([Batches.Sample("a", T0, cpu: 100)], intervalSeconds: 5);

        // stopped for an hour and started again: the first sample after covers one interval, not the hour
        cpu.Add([Batches.Sample("a", T0.AddHours(1), cpu: 100)], intervalSeconds: 5);

        Assert.Equal(5 + 10, cpu.Of("a")!.Value.Seconds);
    }

    [Fact]
    public void RedeliveredAndOvertakenSamplesAddNothing()
    {
        var cpu = new ContainerCpuTime();
        var first = Batches.Sample("a", T0, cpu: 40);
        var third = Batches.Sample("a", T0.AddSeconds(10), cpu: 40);
        cpu.Add([first], 5);
        cpu.Add([third], 5);

        cpu.Add([third], 5);
        cpu.Add([Batches.Sample("a", T0.AddSeconds(5), cpu: 40)], 5);

        Assert.Equal(0.4 * 5 + 0.4 * 10, cpu.Of("a")!.Value.Seconds, 9);
    }

    [Fact]
    public void ContainersAreCountedApartAndForgottenWhenSilent()
    {
        var cpu = new ContainerCpuTime();
        cpu.Add([Batches.Sample("a", T0, cpu: 10), Batches.Sample("b", T0.AddMinutes(30), cpu: 20)], 5);

        cpu.ForgetSilentSince(T0.AddMinutes(10));

        Assert.Null(cpu.Of("a"));
        Assert.Equal(1, cpu.Of("b")!.Value.Seconds, 9);
        Assert.Equal(1, cpu.Count);
    }

    [Fact]
    public void ACounterRateGivesBackDockersCpuPercent()
    {
        var cpu = new ContainerCpuTime();
        var percents = new[] { 12.5, 80, 33, 150, 0, 61.25 };
        for (var i = 0; i < percents.Length; i++)
        {
            cpu.Add([Batches.Sample("a", T0.AddSeconds(5 * i), cpu: percents[i])], 5);
        }

        var before = cpu.Of("a")!.Value.Seconds;
        cpu.Add([Batches.Sample("a", T0.AddSeconds(30), cpu: 42)], 5);
        cpu.Add([Batches.Sample("a", T0.AddSeconds(35), cpu: 42)], 5);

        // what rate(container_cpu_usage_seconds_total[10s]) * 100 computes between the two
        Assert.Equal(42, (cpu.Of("a")!.Value.Seconds - before) / 10 * 100, 9);
    }
}
