using System.Threading.Channels;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Publishing;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>A target that answers what the test says, and remembers every attempt.</summary>
internal sealed class ScriptedPublisher(TimeProvider clock) : IBatchPublisher
{
    private readonly Channel<(string Id, BatchAcceptance Answer, DateTimeOffset At)> _attempts = Channel.CreateUnbounded<(string, BatchAcceptance, DateTimeOffset)>();
    private readonly Lock _lock = new();
    private readonly List<string> _accepted = [];

    public volatile BatchAcceptance Answer = BatchAcceptance.Accepted;

    public string Target => "scripted";

    public IReadOnlyList<string> Accepted
    {
        get
        {
            lock (_lock)
            {
                return [.. _accepted];
            }
        }
    }

    public Task<BatchAcceptance> PublishAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var answer = Answer;
        if (answer == BatchAcceptance.Accepted)
        {
            lock (_lock)
            {
                _accepted.Add(batch.Id);
            }
        }

        _attempts.Writer.TryWrite((batch.Id, answer, clock.GetUtcNow()));
        return Task.FromResult(answer);
    }

    /// <summary>The next attempt, waiting for it in real time (bounded).</summary>
    public async Task<(string Id, BatchAcceptance Answer, DateTimeOffset At)> NextAttemptAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _attempts.Reader.ReadAsync(patience.Token);
    }
}
