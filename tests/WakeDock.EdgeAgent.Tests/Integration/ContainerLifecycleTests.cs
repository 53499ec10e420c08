using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;
using static WakeDock.EdgeAgent.Tests.Integration.SamplingAgainstDockerTests;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>Containers come and go under a running agent.</summary>
public sealed class ContainerLifecycleTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task AContainerStartedAfterTheAgentIsSampledWithinOneInterval()
    {
        docker.Require();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 2);
        await agent.Sink.WaitForAsync(_ => true);

        var late = await docker.StartIdleAsync("late");
        var started = DateTimeOffset.UtcNow;
        await agent.Sink.WaitForAsync(b => b.Time >= started, after: 0);
        var firstAfter = agent.Sink.Batches.First(b => b.Time >= started);
        await agent.Sink.WaitForAsync(b => b.Time > firstAfter.Time, after: 0);

        // The tick right after the start may come before the start event is read; the one after it,
        // one interval later, must have the container's sample.
        var twoTicks = agent.Sink.Batches.Where(b => b.Time >= started).Take(2).ToList();
        Assert.Contains(twoTicks, b => Has(b, late.Id));
        Assert.Contains(agent.Sink.Batches.SelectMany(b => b.Data!.Events), e => e.ContainerId == late.Id && e.Action == "start");
    }

    [Fact]
    public async Task AContainerThatExitsIsDroppedAndItsDieEventCarriesTheExitCode()
    {
        docker.Require();
        var quitter = await docker.StartAsync("quitter", ["sh", "-c", "sleep 4; exit 7"]);
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1);
        await agent.Sink.WaitForAsync(b => Has(b, quitter.Id), what: "with the quitter's sample");

        var died = await agent.Sink.WaitForAsync(b => b.Data!.Events.Any(e => e.ContainerId == quitter.Id && e.Action == "die"), what: "with the die event");
        var die = died.Data!.Events.Single(e => e.ContainerId == quitter.Id && e.Action == "die");
        var after = agent.Sink.Count;
        await agent.Sink.WaitForAsync(_ => true, after: after);
        await agent.Sink.WaitForAsync(_ => true, after: after + 1);

        Assert.Equal(7, die.ExitCode);
        Assert.Equal(quitter.Name, die.ContainerName);
        Assert.Equal("test-host", die.Host);
        Assert.DoesNotContain(agent.Sink.Batches.Skip(after), b => Has(b, quitter.Id));
    }

    [Fact]
    public async Task KillingAndRemovingContainersMidCollectionNeverStopsTheLoop()
    {
        docker.Require();
        var survivor = await docker.StartIdleAsync("survivor");
        var victims = new List<TestContainer>();
        for (var i = 0; i < 4; i++)
        {
            victims.Add(await docker.StartCpuBurnerAsync($"victim{i}"));
        }

        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1);
        await agent.Sink.WaitForAsync(b => victims.All(v => Has(b, v.Id)) && Has(b, survivor.Id),
            what: $"with every container (last: {string.Join(", ", agent.Sink.Batches.Reverse().FirstOrDefault()?.Data!.Samples.Select(s => s.ContainerName) ?? [])})");

        await Task.WhenAll(
            docker.DockerAsync("kill", victims[0].Id),
            docker.DockerAsync("rm", "-f", victims[1].Id),
            docker.DockerAsync("kill", "-s", "KILL", victims[2].Id),
            docker.DockerAsync("rm", "-f", victims[3].Id));
        var after = agent.Sink.Count;
        var laterBatch = await agent.Sink.WaitForAsync(b => Has(b, survivor.Id), after: after + 1, what: "with the survivor after the kills");

        Assert.DoesNotContain(laterBatch.Data!.Samples, s => victims.Any(v => v.Id == s.ContainerId));
        Assert.True(agent.Get<IAgentControl>().State.IsRunning);
        var deaths = agent.Sink.Batches.SelectMany(b => b.Data!.Events).Where(e => e.Action == "die").Select(e => e.ContainerId).ToHashSet();
        Assert.All(victims, v => Assert.Contains(v.Id, deaths));
    }

    [Fact]
    public async Task PausingStopsBatchesAndResumingBringsThemBack()
    {
        docker.Require();
        var idle = await docker.StartIdleAsync();
        await using var agent = await InProcessAgent.StartAsync(docker.DockerHost, intervalSeconds: 1);
        await agent.Sink.WaitForAsync(b => Has(b, idle.Id));
        var control = agent.Get<IAgentControl>();

        control.PauseCollection();
        await Task.Delay(3000, TestContext.Current.CancellationToken); // let a collection already under way finish and be handed over
        var paused = agent.Sink.Count;
        await Task.Delay(3000, TestContext.Current.CancellationToken); // the thing under test: no batch during three intervals of the real agent
        Assert.Equal(paused, agent.Sink.Count);
        Assert.False(control.State.IsRunning);

        control.ResumeCollection();
        await agent.Sink.WaitForAsync(b => Has(b, idle.Id), after: paused, what: "after resuming");
        Assert.True(control.State.IsRunning);
        Assert.True(control.State.MonitoredContainers >= 1);
        Assert.NotNull(control.State.LastCollection);
    }
}
