using System.Buffers;
using System.Threading.Channels;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Storage;

/// <summary>What one commit writes: sample lines and alert lines, per day.</summary>
public sealed record CommitWork(IReadOnlyList<DayLines> Metrics, IReadOnlyList<DayLines> Alerts);

/// <summary>
/// Group commit: callers queue their lines and wait; one loop takes everything queued, appends it per
/// file in one write each, flushes it to durable storage, and only then completes the callers. Under
/// load many batches share one flush; alone, a batch is flushed at once (well within the 1 s bound).
/// Alert lines go before sample lines, so a failed commit never leaves samples whose redelivery would
/// store them twice behind alerts that were not written.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxGroup = 2048;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SegmentLog _metrics;
    private readonly SegmentLog _alerts;
    private readonly PipelineMetrics _telemetry;
    private readonly Task _loop;

    public GroupCommitWriter(SegmentLog metrics, SegmentLog alerts, PipelineMetrics telemetry)
    {
        _metrics = metrics;
        _alerts = alerts;
        _telemetry = telemetry;
        _loop = Task.Run(RunAsync);
    }

    public Task CommitAsync(CommitWork work, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(work, null);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="action"/> on the commit loop, between groups (sealing segments needs that).</summary>
    public async Task<T> RunExclusiveAsync<T>(Func<SegmentLog, SegmentLog, Task<T>> action)
    {
        T result = default!;
        var pending = new Pending(null, async () => result = await action(_metrics, _alerts));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        await pending.Done.Task;
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending))
            {
                if (pending.Control is not null)
                {
                    if (group.Count > 0)
                    {
                        await WriteGroupAsync(group);
                        group.Clear();
                    }

                    await RunControlAsync(pending);
                    continue;
                }

                group.Add(pending);
            }

            if (group.Count > 0)
            {
                await WriteGroupAsync(group);
            }
        }
    }

    private static async Task RunControlAsync(Pending pending)
    {
        try
        {
            await pending.Control!();
            pending.Done.TrySetResult();
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        try
        {
            await AppendAsync(_alerts, group.SelectMany(p => p.Work!.Alerts));
            await AppendAsync(_metrics, group.SelectMany(p => p.Work!.Metrics));
            foreach (var pending in group)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception e)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    private async Task AppendAsync(SegmentLog log, IEnumerable<DayLines> lines)
    {
        foreach (var day in lines.GroupBy(l => l.Day))
        {
            var parts = day.ToList();
            var size = parts.Sum(p => p.Lines.Length);
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var at = 0;
                foreach (var part in parts)
                {
                    part.Lines.CopyTo(buffer, at);
                    at += part.Lines.Length;
                }

                await log.AppendAsync(day.Key, buffer.AsMemory(0, size), CancellationToken.None);
                _telemetry.StorageBytesWritten.Add(size, new KeyValuePair<string, object?>("kind", log.Kind));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private sealed class Pending(CommitWork? work, Func<Task>? control)
    {
        public CommitWork? Work { get; } = work;

        public Func<Task>? Control { get; } = control;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
