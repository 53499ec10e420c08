using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using WakeDock.Testing.FunctionsHost.Rpc;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>
/// The host's end of the worker's one <c>FunctionRpc.EventStream</c>: answers are matched to requests by
/// <c>request_id</c> (the worker echoes it), RpcLog messages go to the <see cref="WorkerLog"/>.
/// </summary>
internal sealed class WorkerChannel(WorkerLog log)
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _failure;
    private int _streams;

    /// <summary>Completes with the worker id of the StartStream message.</summary>
    public Task<string> Started => _started.Task;

    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> fromWorker, IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _streams) > 1)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.AlreadyExists, "this test host serves one worker stream"));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAsync(toWorker, stop.Token);
        try
        {
            await foreach (var message in fromWorker.ReadAllAsync(cancellationToken))
            {
                Receive(message);
            }

            Fail(new FunctionsHostException("The worker closed its event stream."));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            Fail(new FunctionsHostException($"The worker's event stream broke: {e.Message}", e));
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await writing;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Sends <paramref name="request"/> under a fresh request id and waits for the worker's answer to it.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        request.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.RequestId] = answer;
        if (_failure is { } failure)
        {
            answer.TrySetException(failure);
        }

        await _outbound.Writer.WriteAsync(request, cancellationToken);
        try
        {
            return await answer.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new FunctionsHostException($"The worker did not answer {request.ContentCase} within {timeout.TotalSeconds:0} s.\n{log.Tail()}");
        }
        finally
        {
            _pending.TryRemove(request.RequestId, out _);
        }
    }

    public ValueTask SendAsync(StreamingMessage message, CancellationToken cancellationToken)
        => _outbound.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Fails the wait for StartStream and every request still waiting for its answer.</summary>
    public void Fail(Exception failure)
    {
        _failure ??= failure;
        _started.TrySetException(failure);
        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(failure);
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
        {
            await toWorker.WriteAsync(message, cancellationToken);
        }
    }

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream.WorkerId);
                break;
            case StreamingMessage.ContentOneofCase.None:
                // the worker's empty acknowledgement of WorkerTerminate
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                log.Add($"rpc {message.RpcLog.Level} {message.RpcLog.Category}", Describe(message.RpcLog));
                break;
            default:
                if (_pending.TryGetValue(message.RequestId, out var waiting))
                {
                    waiting.TrySetResult(message);
                }
                else
                {
                    log.Add("host", $"unexpected {message.ContentCase} for request '{message.RequestId}'");
                }

                break;
        }
    }

    private static string Describe(RpcLog entry)
        => entry.Exception is { } exception ? $"{entry.Message} {exception.Message}" : entry.Message;
}
