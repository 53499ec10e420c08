using WakeDock.Contracts;
using WakeDock.EdgeAgent.Publishing;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>The in-process target of a test agent: keeps every batch it is given.</summary>
internal sealed class CollectingSink : IBatchSink
{
    private readonly Lock _lock = new();
    private readonly List<CloudEvent<SampleBatch>> _batches = [];
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<CloudEvent<SampleBatch>> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public ValueTask<BatchAcceptance> AcceptAsync(CloudEvent<SampleBatch> batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _batches.Add(batch);
            _arrival.TrySetResult();
            _arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return ValueTask.FromResult(BatchAcceptance.Accepted);
    }

    /// <summary>The first batch, counting from the <paramref name="after"/>-th one received, that satisfies <paramref name="condition"/>.</summary>
    public async Task<CloudEvent<SampleBatch>> WaitForAsync(Func<CloudEvent<SampleBatch>, bool> condition, int after = 0, TimeSpan? patience = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            Task arrival;
            lock (_lock)
            {
                var found = _batches.Skip(after).FirstOrDefault(condition);
                if (found is not null)
                {
                    return found;
                }

                arrival = _arrival.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(arrival, Task.Delay(left)) != arrival)
            {
                throw new TimeoutException($"No batch {what ?? "matching"} arrived within {patience ?? TimeSpan.FromSeconds(60)} ({Batches.Count} received).");
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _batches.Count;
            }
        }
    }
}
