using System.Collections.Concurrent;
using System.Threading.Channels;
using Dapr.AppCallback.Autogen.Grpc.v1;
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

/// <summary>One streaming subscription as the stand-in received its first message.</summary>
public sealed record GrpcSubscription(SubscribeTopicEventsRequestInitialAlpha1 Initial, string? ApiToken);

/// <summary>
/// The sidecar's gRPC runtime service (<c>dapr.proto.runtime.v1.Dapr</c>) built from Dapr's published protos as the
/// Dapr.Protos package compiles them: the service and method names come from its service descriptor and the request
/// is parsed with its <see cref="PublishEventRequest"/>, so that a message the agent writes by hand is read exactly as
/// daprd would read it. Served by Grpc.AspNetCore over HTTP/2 without TLS, as daprd serves its gRPC port; the other
/// methods answer UNIMPLEMENTED. <see cref="Answer"/> sets the status of the next calls; <see cref="OnPublish"/>, when
/// set, handles each publish after it is recorded (a sidecar that delivers to subscribers, or refuses a wrong token).
/// <c>SubscribeTopicEventsAlpha1</c> behaves as daprd's streaming subscription: it takes the initial request, answers the
/// initial response, sends the events a test gives to <see cref="DeliverAsync"/> and matches each processed answer to its
/// event by id; <see cref="DropStreams"/> breaks the open streams as a sidecar restart would.
/// </summary>
public sealed class DaprGrpcSidecarStub : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<GrpcPublish> _received = [];
    private readonly List<GrpcSubscription> _subscriptions = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TopicEventResponse.Types.TopicEventResponseStatus>> _pending = new();
    private StreamSession? _session;
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

    public IReadOnlyList<GrpcSubscription> Subscriptions
    {
        get
        {
            lock (_lock)
            {
                return [.. _subscriptions];
            }
        }
    }

    /// <summary>Sends the event on the open subscription stream and returns the subscriber's answer to it.</summary>
    public async Task<TopicEventResponse.Types.TopicEventResponseStatus> DeliverAsync(TopicEventRequest topicEvent)
    {
        StreamSession? session;
        lock (_lock)
        {
            session = _session;
        }

        if (session is null)
        {
            throw new InvalidOperationException("No subscription stream is open.");
        }

        var answer = _pending.GetOrAdd(topicEvent.Id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        await session.Events.Writer.WriteAsync(topicEvent);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Breaks the open subscription streams (status UNAVAILABLE), as a sidecar going away does.</summary>
    public void DropStreams()
    {
        lock (_lock)
        {
            _session?.Drop.Cancel();
            _session = null;
        }
    }

    public Task WaitForSubscriptionsAsync(int count)
        => Eventually.TrueAsync(() => Subscriptions.Count >= count && HasOpenStream, $"{count} subscription stream(s) opened to the gRPC sidecar stand-in");

    private bool HasOpenStream
    {
        get
        {
            lock (_lock)
            {
                return _session is not null;
            }
        }
    }

    internal StreamSession Open(GrpcSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Add(subscription);
            _session = new StreamSession();
            return _session;
        }
    }

    internal void Close(StreamSession session)
    {
        lock (_lock)
        {
            if (_session == session)
            {
                _session = null;
            }
        }
    }

    internal void Processed(SubscribeTopicEventsRequestProcessedAlpha1 processed)
    {
        if (_pending.TryRemove(processed.Id, out var answer))
        {
            answer.TrySetResult(processed.Status?.Status ?? TopicEventResponse.Types.TopicEventResponseStatus.Success);
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
        DropStreams();
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
    public static readonly Method<SubscribeTopicEventsRequestAlpha1, SubscribeTopicEventsResponseAlpha1> SubscribeMethod = DescribeSubscribe();

    public static void BindService(ServiceBinderBase binder, DaprRuntimeBase? service)
    {
        binder.AddMethod(PublishEventMethod, service is null ? null : service.PublishEvent);
        binder.AddMethod(SubscribeMethod, service is null ? null : service.SubscribeTopicEventsAlpha1);
    }

    public abstract Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context);

    public abstract Task SubscribeTopicEventsAlpha1(IAsyncStreamReader<SubscribeTopicEventsRequestAlpha1> requests,
        IServerStreamWriter<SubscribeTopicEventsResponseAlpha1> responses, ServerCallContext context);

    private static Method<SubscribeTopicEventsRequestAlpha1, SubscribeTopicEventsResponseAlpha1> DescribeSubscribe()
    {
        var method = DaprRuntime.Descriptor.FindMethodByName(nameof(SubscribeTopicEventsAlpha1))
            ?? throw new InvalidOperationException("Dapr's runtime service has no SubscribeTopicEventsAlpha1");
        if (method.InputType != SubscribeTopicEventsRequestAlpha1.Descriptor || method.OutputType != SubscribeTopicEventsResponseAlpha1.Descriptor
            || !method.IsClientStreaming || !method.IsServerStreaming)
        {
            throw new InvalidOperationException($"SubscribeTopicEventsAlpha1 is {method.InputType.FullName} -> {method.OutputType.FullName} in Dapr's protos");
        }

        return new Method<SubscribeTopicEventsRequestAlpha1, SubscribeTopicEventsResponseAlpha1>(MethodType.DuplexStreaming, method.Service.FullName, method.Name,
            Marshallers.Create(message => Google.Protobuf.MessageExtensions.ToByteArray(message), SubscribeTopicEventsRequestAlpha1.Parser.ParseFrom),
            Marshallers.Create(message => Google.Protobuf.MessageExtensions.ToByteArray(message), SubscribeTopicEventsResponseAlpha1.Parser.ParseFrom));
    }

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

    public override async Task SubscribeTopicEventsAlpha1(IAsyncStreamReader<SubscribeTopicEventsRequestAlpha1> requests,
        IServerStreamWriter<SubscribeTopicEventsResponseAlpha1> responses, ServerCallContext context)
    {
        // daprd: the first message must be the initial request, every later one an answer to an event
        if (!await requests.MoveNext(context.CancellationToken) || requests.Current.InitialRequest is not { } initial)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message must be the initial request"));
        }

        var session = sidecar.Open(new GrpcSubscription(initial, context.RequestHeaders.GetValue("dapr-api-token")));
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, session.Drop.Token);
        try
        {
            await responses.WriteAsync(new SubscribeTopicEventsResponseAlpha1 { InitialResponse = new SubscribeTopicEventsResponseInitialAlpha1() });
            var answers = ReadAnswersAsync(requests, open.Token);
            await foreach (var topicEvent in session.Events.Reader.ReadAllAsync(open.Token))
            {
                await responses.WriteAsync(new SubscribeTopicEventsResponseAlpha1 { EventMessage = topicEvent });
            }

            await answers;
        }
        catch (OperationCanceledException) when (session.Drop.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "stand-in dropped the stream"));
        }
        finally
        {
            sidecar.Close(session);
        }
    }

    private async Task ReadAnswersAsync(IAsyncStreamReader<SubscribeTopicEventsRequestAlpha1> requests, CancellationToken cancellationToken)
    {
        while (await requests.MoveNext(cancellationToken))
        {
            if (requests.Current.EventProcessed is not { } processed)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "only event_processed may follow the initial request"));
            }

            sidecar.Processed(processed);
        }
    }
}

/// <summary>One open subscription stream: the events to send on it, and its breaking.</summary>
internal sealed class StreamSession
{
    public Channel<TopicEventRequest> Events { get; } = Channel.CreateUnbounded<TopicEventRequest>();

    public CancellationTokenSource Drop { get; } = new();
}
