using Grpc.Core;
using WakeDock.Testing.FunctionsHost.Rpc;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>The gRPC service the worker calls (it is the client): hands its event stream to the <see cref="WorkerChannel"/>.</summary>
internal sealed class FunctionRpcEndpoint(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
        => channel.RunAsync(requestStream, responseStream, context.CancellationToken);
}
