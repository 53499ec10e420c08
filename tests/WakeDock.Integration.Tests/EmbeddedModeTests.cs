using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.Pipeline.Query;
using WakeDock.Testing;

namespace WakeDock.Integration.Tests;

public sealed class EmbeddedModeTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task TheInProcessAgentsSamplesOfARealContainerAreStoredAndQueryable()
    {
        docker.Require();
        var burner = await docker.StartCpuBurnerAsync();
        await using var host = EmbeddedHost.Create(embeddedAgent: true, docker.DockerHost);
        host.StartServer();
        var queries = host.Service<SampleQueries>();

        SampleQueryResult? result = null;
        // the newest of at least two, once it shows the burner burning (the first reads after a start can be ~0 on a loaded machine)
        await Eventually.TrueAsync(async () =>
        {
            result = await queries.QueryAsync(new SampleQuery { ContainerId = burner.Id, From = DateTimeOffset.UtcNow.AddMinutes(-5), To = DateTimeOffset.UtcNow.AddMinutes(1) }, TestContext.Current.CancellationToken);
            return result.Samples.Count >= 2 && result.Samples[0].CpuPercent >= 5;
        }, TimeSpan.FromSeconds(30), () => $"no samples of {burner.Name} burning reached the store: {result?.Samples.Count ?? 0} samples", TestContext.Current.CancellationToken, every: TimeSpan.FromMilliseconds(250));

        Assert.True(result!.Samples.Count >= 2, $"no samples of {burner.Name} reached the store within 30 s");
        var latest = result.Samples[0];
        Assert.Equal(burner.Name, latest.ContainerName);
        // a spinning process, though it may get only a fifth of a core while the rest of the suite runs beside it; an idle one reads ~0
        Assert.InRange(latest.CpuPercent, 5, 210);
        Assert.True(latest.Sequence > 0);
        var state = host.Service<IAgentControl>().State;
        Assert.True(state.IsRunning);
        Assert.Equal("inprocess", state.PublisherTarget);
    }

    [Fact]
    public void TheDistributedModeRunsNoAgentInTheHost()
    {
        using var host = EmbeddedHost.Create(embeddedAgent: false);
        host.StartServer();

        Assert.Null(host.Services.GetService(typeof(IAgentControl)));
        Assert.Null(host.Services.GetService(typeof(IBatchSink)));
    }
}
