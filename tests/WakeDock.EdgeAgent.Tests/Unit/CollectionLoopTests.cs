using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Collection;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Spool;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class CollectionLoopTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly TempDirectory _folder = new();
    private readonly TestMeterFactory _meters = new();
    private readonly RecordingCycle _cycle;
    private readonly AgentControl _control;
    private CollectionLoop? _loop;

    public CollectionLoopTests()
    {
        _cycle = new RecordingCycle(_clock);
        var options = Options.Create(new AgentOptions());
        _control = new AgentControl(options, new MonitoredContainers(_meters.Metrics()),
            new BatchSpool(_folder.Path, 1024 * 1024, _meters.Metrics(), NullLogger<BatchSpool>.Instance), NullLogger<AgentControl>.Instance);
    }

    [Fact]
    public async Task CollectionsStayOnTheFiveSecondGridHoweverLongTheyTake()
    {
        _cycle.Takes = TimeSpan.FromSeconds(1.7);
        await StartAsync(intervalSeconds: 5);

        var ticks = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            await _clock.AdvanceToNextTimerAsync();
            ticks.Add((await _cycle.NextRunAsync() - Start).TotalSeconds);
        }

        Assert.Equal([5, 10, 15, 20], ticks);
    }

    [Fact]
    public async Task ACollectionThatOverrunsSkipsTheTicksItMissedInsteadOfBursting()
    {
        await StartAsync(intervalSeconds: 5);
        await _clock.AdvanceToNextTimerAsync();
        await _cycle.NextRunAsync();
        _cycle.Takes = TimeSpan.FromSeconds(12); // the run at 10 s ends at 22 s
        await _clock.AdvanceToNextTimerAsync();
        await _cycle.NextRunAsync();
        _cycle.Takes = TimeSpan.Zero;

        var due = await _clock.AdvanceToNextTimerAsync();

        Assert.Equal(25, (due - Start).TotalSeconds);
        Assert.Equal(25, (await _cycle.NextRunAsync() - Start).TotalSeconds);
    }

    [Fact]
    public async Task APausedAgentCollectsNothingUntilResumed()
    {
        await StartAsync(intervalSeconds: 5);
        _control.PauseCollection();
        await _clock.AdvanceToNextTimerAsync();
        await _clock.AdvanceToNextTimerAsync();
        Assert.Equal(0, _cycle.Runs);
        Assert.False(_control.State.IsRunning);

        _control.ResumeCollection();
        await _clock.AdvanceToNextTimerAsync();

        Assert.Equal(15, (await _cycle.NextRunAsync() - Start).TotalSeconds);
        Assert.True(_control.State.IsRunning);
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.StopAsync(default);
            _loop.Dispose();
        }

        _meters.Dispose();
        _folder.Dispose();
    }

    private async Task StartAsync(double intervalSeconds)
    {
        var options = Options.Create(new AgentOptions { IntervalSeconds = intervalSeconds });
        _loop = new CollectionLoop(_cycle, _control, options, _clock, NullLogger<CollectionLoop>.Instance);
        await _loop.StartAsync(default);
    }

    private sealed class RecordingCycle(ManualTimeProvider clock) : ICollectionCycle
    {
        private readonly Channel<DateTimeOffset> _runs = Channel.CreateUnbounded<DateTimeOffset>();
        private int _count;

        public TimeSpan Takes { get; set; }

        public int Runs => Volatile.Read(ref _count);

        public Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            _runs.Writer.TryWrite(clock.GetUtcNow());
            clock.Advance(Takes);
            return Task.CompletedTask;
        }

        public async Task<DateTimeOffset> NextRunAsync()
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return await _runs.Reader.ReadAsync(patience.Token);
        }
    }
}
