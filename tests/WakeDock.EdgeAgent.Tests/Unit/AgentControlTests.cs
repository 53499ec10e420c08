using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Spool;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class AgentControlTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();
    private readonly TestMeterFactory _meters = new();
    private readonly MonitoredContainers _containers;
    private readonly BatchSpool _spool;
    private readonly AgentControl _control;

    public AgentControlTests()
    {
        _containers = new MonitoredContainers(_meters.Metrics());
        _spool = new BatchSpool(_folder.Path, 1024 * 1024, _meters.Metrics(), NullLogger<BatchSpool>.Instance);
        _control = new AgentControl(Options.Create(new AgentOptions { HostName = "web-host", IntervalSeconds = 5 }), _containers, _spool, NullLogger<AgentControl>.Instance);
    }

    [Fact]
    public void TheStateShowsContainersIntervalLastCollectionAndSpool()
    {
        _containers.Add(new ContainerIdentity("a", "a", null, null));
        _containers.Add(new ContainerIdentity("b", "b", null, null));
        _spool.Append("x"u8);
        _control.CollectionFinished(T0);

        var state = _control.State;

        Assert.True(state.IsRunning);
        Assert.Equal(2, state.MonitoredContainers);
        Assert.Equal(5, state.CollectionInterval);
        Assert.Equal(T0, state.LastCollection);
        Assert.Equal(1, state.SpoolDepth);
        Assert.Equal("web-host", state.Host);
        Assert.Equal("dapr", state.PublisherTarget);
    }

    [Fact]
    public void StopAndStartCommandsPauseAndResume()
    {
        Assert.Equal(CommandOutcome.Applied, _control.Apply(Command(AgentCommandKind.Stop, T0)));
        Assert.False(_control.State.IsRunning);

        Assert.Equal(CommandOutcome.Applied, _control.Apply(Command(AgentCommandKind.Start, T0.AddSeconds(1))));
        Assert.True(_control.State.IsRunning);
    }

    [Fact]
    public void AnOlderCommandDeliveredLateDoesNotUndoANewerOne()
    {
        _control.Apply(Command(AgentCommandKind.Stop, T0.AddSeconds(10)));

        Assert.Equal(CommandOutcome.Stale, _control.Apply(Command(AgentCommandKind.Start, T0)));
        Assert.False(_control.State.IsRunning);
    }

    [Fact]
    public void ACommandForAnotherHostIsIgnoredAndOneForThisHostIsNot()
    {
        Assert.Equal(CommandOutcome.OtherHost, _control.Apply(Command(AgentCommandKind.Stop, T0, host: "db-host")));
        Assert.True(_control.State.IsRunning);

        Assert.Equal(CommandOutcome.Applied, _control.Apply(Command(AgentCommandKind.Stop, T0, host: "WEB-HOST")));
        Assert.False(_control.State.IsRunning);
    }

    public void Dispose()
    {
        _meters.Dispose();
        _folder.Dispose();
    }

    private static AgentCommand Command(AgentCommandKind kind, DateTimeOffset at, string? host = null)
        => new() { Command = kind, IssuedAt = at, Host = host };
}
