using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Spool;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class DeliveryPumpTests : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestMeterFactory _meters = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly BatchOutbox _outbox = new();
    private readonly ScriptedPublisher _publisher;
    private BatchSpool _spool;
    private DeliveryPump? _pump;

    public DeliveryPumpTests()
    {
        _publisher = new ScriptedPublisher(_clock);
        _spool = NewSpool();
    }

    [Fact]
    public async Task WhileTheTargetAcceptsBatchesGoStraightThroughWithoutTheSpool()
    {
        await StartAsync();
        await _outbox.WriteAsync(Batches.Numbered(1), TestContext.Current.CancellationToken);
        await _outbox.WriteAsync(Batches.Numbered(2), TestContext.Current.CancellationToken);

        Assert.Equal("batch-1", (await _publisher.NextAttemptAsync()).Id);
        Assert.Equal("batch-2", (await _publisher.NextAttemptAsync()).Id);
        Assert.True(_spool.IsEmpty);
    }

    [Fact]
    public async Task DuringAnOutageBatchesQueueInTheSpoolAndArriveOnceInOrderAfterIt()
    {
        _publisher.Answer = BatchAcceptance.Retry;
        await StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            await _outbox.WriteAsync(Batches.Numbered(i), TestContext.Current.CancellationToken);
            await WaitUntilAsync(() => _spool.Depth == i);
        }

        _publisher.Answer = BatchAcceptance.Accepted;
        await _clock.AdvanceToNextTimerAsync();
        await WaitUntilAsync(() => _publisher.Accepted.Count == 3);

        Assert.Equal(["batch-1", "batch-2", "batch-3"], _publisher.Accepted);
        Assert.True(_spool.IsEmpty);
        Assert.Equal(3, _meters.Sum("wakedock.agent.batches.published"));
        Assert.True(_meters.Sum("wakedock.agent.publish.failures") >= 1);
    }

    [Fact]
    public async Task BatchesSpooledByAnEarlierRunGoBeforeNewOnes()
    {
        _spool.Append(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Batches.Numbered(1), Contracts.WakeDockJson.Context.CloudEventSampleBatch));
        _spool.Append(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Batches.Numbered(2), Contracts.WakeDockJson.Context.CloudEventSampleBatch));
        _spool = NewSpool();
        await _outbox.WriteAsync(Batches.Numbered(3), TestContext.Current.CancellationToken);

        await StartAsync();
        await WaitUntilAsync(() => _publisher.Accepted.Count == 3);

        Assert.Equal(["batch-1", "batch-2", "batch-3"], _publisher.Accepted);
    }

    [Fact]
    public async Task RetriesBackOffExponentiallyWithJitterUpToTheCeiling()
    {
        _publisher.Answer = BatchAcceptance.Retry;
        await StartAsync();
        await _outbox.WriteAsync(Batches.Numbered(1), TestContext.Current.CancellationToken);
        var previous = (await _publisher.NextAttemptAsync()).At;
        double[] ceilings = [1, 2, 4, 8, 8, 8];
        foreach (var ceiling in ceilings)
        {
            await _clock.AdvanceToNextTimerAsync();
            var attempt = await _publisher.NextAttemptAsync();
            var waited = (attempt.At - previous).TotalSeconds;
            Assert.InRange(waited, ceiling / 2, ceiling);
            previous = attempt.At;
        }
    }

    [Fact]
    public async Task ABatchTheTargetRejectsIsDroppedAndCountedNotRetried()
    {
        _publisher.Answer = BatchAcceptance.Rejected;
        await StartAsync();
        await _outbox.WriteAsync(Batches.Numbered(1), TestContext.Current.CancellationToken);
        await _publisher.NextAttemptAsync();
        _publisher.Answer = BatchAcceptance.Accepted;
        await _outbox.WriteAsync(Batches.Numbered(2), TestContext.Current.CancellationToken);

        Assert.Equal("batch-2", (await _publisher.NextAttemptAsync()).Id);
        Assert.Equal(1, _meters.Sum("wakedock.agent.batches.dropped", "reason", "rejected"));
        Assert.True(_spool.IsEmpty);
    }

    [Fact]
    public async Task APumpRestartedOnTheSameSpoolDeliversWhatTheStoppedOneHeldAndWhatCameAfterInOrder()
    {
        _publisher.Answer = BatchAcceptance.Retry;
        await StartAsync();
        await _outbox.WriteAsync(Batches.Numbered(1), TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => _spool.Depth == 1);

        await _pump!.StopAsync(TestContext.Current.CancellationToken);
        await _outbox.WriteAsync(Batches.Numbered(2), TestContext.Current.CancellationToken);
        // the pump is gone: a new one on the same folder finds both, in order
        _publisher.Answer = BatchAcceptance.Accepted;
        _spool = NewSpool();
        await StartAsync();
        await WaitUntilAsync(() => _publisher.Accepted.Count == 2);

        Assert.Equal(["batch-1", "batch-2"], _publisher.Accepted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_pump is not null)
        {
            await _pump.StopAsync(default);
            _pump.Dispose();
        }

        _meters.Dispose();
        _folder.Dispose();
    }

    private BatchSpool NewSpool() => new(_folder.Path, 16 * 1024 * 1024, _meters.Metrics(), NullLogger<BatchSpool>.Instance);

    private async Task StartAsync()
    {
        var options = Options.Create(new AgentOptions { Spool = new SpoolOptions { InitialBackoffSeconds = 1, MaxBackoffSeconds = 8 } });
        _pump = new DeliveryPump(_outbox, _spool, _publisher, options, _clock, _meters.Metrics(), NullLogger<DeliveryPump>.Instance);
        await _pump.StartAsync(default);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Eventually.TrueAsync(condition, "the pump", seconds: 20);
}
