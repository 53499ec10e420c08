using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DaprRuntime = Dapr.Client.Autogen.Grpc.v1.Dapr;

namespace WakeDock.Testing.Sidecars;

/// <summary>One <c>PublishEvent</c> call as the stand-in received it, decoded with Dapr's own message type.</summary>
public sealed record GrpcPublish(PublishEventRequest Request, string? ApiToken, string? ContentType);

/// <summary>
/// The sidecar's gRPC runtime service (<c>dapr.proto.runtime.v1.Dapr</c>) built from Dapr's published protos as the
/// Dapr.Protos package compiles them: the service and method names come from its service descriptor and the request
/// is parsed with its <see cref="PublishEventRequest"/>, so that a message the agent writes by hand is read exactly as
/// daprd would read it. Served by Grpc.AspNetCore over HTTP/2 without TLS, as daprd serves its gRPC port; the other
/// methods answer UNIMPLEMENTED. <see cref="Answer"/> sets the status of the next calls; <see cref="OnPublish"/>, when
/// set, handles each publish after it is recorded (a sidecar that delivers to subscribers, or refuses a wrong token).
/// </summary>
public sealed class DaprGrpcSidecarStub : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<GrpcPublish> _received = [];
    private WebApplication? _app;

    public int Port { get; } = FreePort.Next();

    public StatusCode Answer { get; set; } = StatusCode.OK;

    public Func<GrpcPublish, Task>? OnPublish { get; set; }

    public IReadOnlyList<GrpcPublish> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        _app = builder.Build();
        _app.MapGrpcService<DaprRuntimeStandIn>();
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public Task WaitForAsync(Func<IReadOnlyList<GrpcPublish>, bool> condition, string? what = null)
        => Eventually.TrueAsync(() => condition(Received), $"the gRPC sidecar stand-in seeing {what ?? "the expected publishes"}");

    public ValueTask DisposeAsync() => new(StopAsync());

    internal void Record(GrpcPublish publish)
    {
        lock (_lock)
        {
            _received.Add(publish);
        }
    }
}

/// <summary>
/// The runtime service's <c>PublishEvent</c>, bound the way generated server code binds a service: Grpc.AspNetCore
/// takes the override of a method that the type named by <see cref="BindServiceMethodAttribute"/> declares.
/// </summary>
[BindServiceMethod(typeof(DaprRuntimeBase), nameof(BindService))]
public abstract class DaprRuntimeBase
{
    public static readonly Method<PublishEventRequest, Empty> PublishEventMethod = Describe();

    public static void BindService(ServiceBinderBase binder, DaprRuntimeBase? service)
        => binder.AddMethod(PublishEventMethod, service is null ? null : service.PublishEvent);

    public abstract Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context);

    private static Method<PublishEventRequest, Empty> Describe()
    {
        var method = DaprRuntime.Descriptor.FindMethodByName(nameof(PublishEvent))
            ?? throw new InvalidOperationException("Dapr's runtime service has no PublishEvent");
        if (method.InputType != PublishEventRequest.Descriptor || method.OutputType != Empty.Descriptor || method.IsClientStreaming || method.IsServerStreaming)
        {
            throw new InvalidOperationException($"PublishEvent is {method.InputType.FullName} -> {method.OutputType.FullName} in Dapr's protos");
        }

        return new Method<PublishEventRequest, Empty>(MethodType.Unary, method.Service.FullName, method.Name,
            Marshallers.Create(message => Google.Protobuf.MessageExtensions.ToByteArray(message), PublishEventRequest.Parser.ParseFrom),
            Marshallers.Create(message => Google.Protobuf.MessageExtensions.ToByteArray(message), Empty.Parser.ParseFrom));
    }
}

/// <summary>Records each publish for the test and answers with the status the test chose.</summary>
internal sealed class DaprRuntimeStandIn(DaprGrpcSidecarStub sidecar) : DaprRuntimeBase
{
    public override async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        var publish = new GrpcPublish(request, context.RequestHeaders.GetValue("dapr-api-token"), context.GetHttpContext().Request.ContentType);
        sidecar.Record(publish);
        if (sidecar.Answer != StatusCode.OK)
        {
            throw new RpcException(new Status(sidecar.Answer, "stand-in told to fail"));
        }

        if (sidecar.OnPublish is { } handle)
        {
            await handle(publish);
        }

        return new Empty();
    }
}
