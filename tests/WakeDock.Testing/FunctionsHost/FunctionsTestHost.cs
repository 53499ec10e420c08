using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using WakeDock.Testing.FunctionsHost.Rpc;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>
/// A small Azure Functions host for tests: serves <c>FunctionRpc.EventStream</c> over HTTP/2 cleartext on loopback,
/// starts the built isolated worker as <c>func</c> does, handshakes (StartStream, WorkerInitRequest), asks for the
/// functions' metadata, loads each function, then invokes timers, queue messages and HTTP requests the way the
/// real host's trigger extensions do.
/// </summary>
public sealed class FunctionsTestHost : IAsyncDisposable
{
    /// <summary>The capability a worker with ASP.NET Core integration reports: the URI of its own HTTP endpoint.</summary>
    public const string HttpUriCapability = "HttpUri";

    /// <summary>The header that ties a forwarded HTTP request to its InvocationRequest in the worker.</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    public const string HostVersion = "4.1045.0-wakedock-test";

    private readonly FunctionsTestHostOptions _options;
    private readonly WorkerChannel _channel;
    private readonly ConcurrentQueue<InvocationResult> _invocations = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<QueueListener> _listeners = [];
    private WebApplication? _rpcServer;
    private WorkerProcess? _worker;
    private HttpFrontDoor? _frontDoor;
    private IReadOnlyList<HostedFunction> _functions = [];
    private Dictionary<string, string> _capabilities = [];
    private int _disposed;

    private FunctionsTestHost(FunctionsTestHostOptions options)
    {
        _options = options;
        AppDirectory = Path.GetFullPath(options.AppDirectory);
        Log = new WorkerLog(options.Output);
        Settings = new AppSettings(options.AppSettings);
        HostJson = HostJson.Read(AppDirectory);
        _channel = new WorkerChannel(Log);
    }

    public string AppDirectory { get; }

    public HostJson HostJson { get; }

    public WorkerLog Log { get; }

    internal AppSettings Settings { get; }

    internal TimeSpan InvocationTimeout => _options.InvocationTimeout;

    /// <summary>The capabilities of the worker's WorkerInitResponse.</summary>
    public IReadOnlyDictionary<string, string> WorkerCapabilities => _capabilities;

    /// <summary>The worker's HTTP endpoint (its <see cref="HttpUriCapability"/>), when it proxies HTTP.</summary>
    public Uri? WorkerHttpUri => _capabilities.TryGetValue(HttpUriCapability, out var uri) ? new Uri(uri) : null;

    /// <summary>The functions the worker reported and loaded.</summary>
    public IReadOnlyList<HostedFunction> Functions => _functions;

    /// <summary>Every invocation's answer so far, oldest first.</summary>
    public IReadOnlyList<InvocationResult> Invocations => _invocations.ToArray();

    /// <summary>Where this host serves the HTTP-triggered functions (like func's http://localhost:7071).</summary>
    public Uri HttpBaseAddress => _frontDoor?.BaseAddress ?? throw new FunctionsHostException("The worker has no HTTP-triggered function.");

    public static async Task<FunctionsTestHost> StartAsync(FunctionsTestHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = new FunctionsTestHost(options);
        try
        {
            await host.StartCoreAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public HostedFunction Function(string name)
        => _functions.FirstOrDefault(function => string.Equals(function.Name, name, StringComparison.OrdinalIgnoreCase))
           ?? throw new FunctionsHostException($"The worker has no function '{name}'; it has {string.Join(", ", _functions)}.");

    /// <summary>One tick of a timer-triggered function.</summary>
    public Task<InvocationResult> InvokeTimerAsync(string functionName, bool isPastDue = false, CancellationToken cancellationToken = default)
    {
        var function = Expect(functionName, "timerTrigger");
        return InvokeAsync(function, Guid.NewGuid().ToString(), TriggerInputs.Timer(function, Settings, isPastDue, DateTimeOffset.UtcNow), cancellationToken);
    }

    /// <summary>A queue-triggered function with a message that is in no queue.</summary>
    public Task<InvocationResult> InvokeQueueAsync(string functionName, string message, long dequeueCount = 1, CancellationToken cancellationToken = default)
        => InvokeQueueMessageAsync(functionName, QueueTriggerMessage.Direct(message, dequeueCount), cancellationToken);

    public Task<InvocationResult> InvokeQueueMessageAsync(string functionName, QueueTriggerMessage message, CancellationToken cancellationToken = default)
    {
        var function = Expect(functionName, "queueTrigger");
        return InvokeAsync(function, Guid.NewGuid().ToString(), TriggerInputs.Queue(function, message), cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="request"/> to the HTTP-triggered functions as a client of the Function App would
    /// (only the path and query of its URI count): the function whose route and methods match is invoked.
    /// </summary>
    public async Task<HttpResponseMessage> SendHttpAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var frontDoor = _frontDoor ?? throw new FunctionsHostException("The worker has no HTTP-triggered function.");
        var uri = request.RequestUri ?? new Uri("/", UriKind.Relative);
        request.RequestUri = new Uri(frontDoor.BaseAddress, uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString);
        return await frontDoor.Client.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Listens to the Azure Storage queue of a queue-triggered function (named in its binding, in the storage of its
    /// connection) as the real host does, with host.json's extensions.queues settings.
    /// </summary>
    public QueueListener ListenToQueue(string functionName, TimeSpan? maxPollingInterval = null)
    {
        var listener = QueueListener.Start(this, Expect(functionName, "queueTrigger"), maxPollingInterval, _stopping.Token);
        lock (_listeners)
        {
            _listeners.Add(listener);
        }

        return listener;
    }

    internal async Task<InvocationResult> InvokeAsync(HostedFunction function, string invocationId, TriggerInput trigger, CancellationToken cancellationToken)
    {
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "", TraceState = Activity.Current?.TraceStateString ?? "" },
        };
        request.InputData.Add(trigger.Input);
        request.TriggerMetadata.Add(trigger.Metadata);
        var answer = await _channel.RequestAsync(new StreamingMessage { InvocationRequest = request }, _options.InvocationTimeout, cancellationToken);
        var result = InvocationResult.From(function.Name, answer.InvocationResponse
            ?? throw new FunctionsHostException($"The worker answered an InvocationRequest with {answer.ContentCase}."));
        _invocations.Enqueue(result);
        Log.Add("host", $"{function.Name} invocation {invocationId} {(result.Succeeded ? "succeeded" : "failed: " + result.Error)}");
        return result;
    }

    private HostedFunction Expect(string functionName, string triggerType)
    {
        var function = Function(functionName);
        return function.IsTriggeredBy(triggerType)
            ? function
            : throw new FunctionsHostException($"Function {function.Name} is triggered by {function.TriggerType}, not {triggerType}.");
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var grpcUri = await StartRpcServerAsync(cancellationToken);
        var workerId = Guid.NewGuid().ToString();
        _worker = WorkerProcess.Start(_options, grpcUri, workerId, Guid.NewGuid().ToString(), Log);
        _ = _worker.Exited.ContinueWith(exited => _channel.Fail(new FunctionsHostException($"The worker exited with code {exited.Result}.\n{Log.Tail()}")),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        string startedBy;
        try
        {
            startedBy = await _channel.Started.WaitAsync(_options.StartupTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new FunctionsHostException($"The worker did not open its event stream within {_options.StartupTimeout.TotalSeconds:0} s.\n{Log.Tail()}");
        }

        if (startedBy != workerId)
        {
            throw new FunctionsHostException($"StartStream came from worker '{startedBy}', not '{workerId}'.");
        }

        var init = new WorkerInitRequest { HostVersion = HostVersion, WorkerDirectory = AppDirectory, FunctionAppDirectory = AppDirectory };
        var initialised = (await RequestAsync(new StreamingMessage { WorkerInitRequest = init }, cancellationToken)).WorkerInitResponse;
        Check(initialised?.Result, "WorkerInitResponse");
        _capabilities = new Dictionary<string, string>(initialised!.Capabilities);
        Log.Add("host", $"worker {initialised.WorkerMetadata?.RuntimeName} {initialised.WorkerMetadata?.WorkerVersion}, capabilities {string.Join(", ", _capabilities.Select(pair => $"{pair.Key}={pair.Value}"))}");

        var metadata = (await RequestAsync(new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = AppDirectory } }, cancellationToken)).FunctionMetadataResponse;
        Check(metadata?.Result, "FunctionMetadataResponse");
        if (metadata!.UseDefaultMetadataIndexing)
        {
            throw new FunctionsHostException("The worker asks the host to index its functions (use_default_metadata_indexing); this host only does worker indexing.");
        }

        var functions = new List<HostedFunction>();
        foreach (var reported in metadata.FunctionMetadataResults)
        {
            reported.Directory = AppDirectory;
            var load = new FunctionLoadRequest { FunctionId = reported.FunctionId, Metadata = reported };
            var loaded = (await RequestAsync(new StreamingMessage { FunctionLoadRequest = load }, cancellationToken)).FunctionLoadResponse;
            Check(loaded?.Result, $"FunctionLoadResponse of {reported.Name}");
            functions.Add(new HostedFunction(reported));
        }

        _functions = functions;
        Log.Add("host", $"loaded {string.Join(", ", _functions)}");
        var httpFunctions = _functions.Where(function => function.IsTriggeredBy("httpTrigger")).ToArray();
        if (httpFunctions.Length > 0)
        {
            var workerHttp = WorkerHttpUri ?? throw new FunctionsHostException(
                $"The worker has HTTP-triggered functions but reported no {HttpUriCapability} capability: this host serves HTTP only through the ASP.NET Core integration.");
            _frontDoor = await HttpFrontDoor.StartAsync(this, httpFunctions, workerHttp, cancellationToken);
        }
    }

    private async Task<Uri> StartRpcServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddRouting();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(_channel);
        _rpcServer = builder.Build();
        _rpcServer.MapGrpcService<FunctionRpcEndpoint>();
        await _rpcServer.StartAsync(cancellationToken);
        return new Uri(_rpcServer.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    private Task<StreamingMessage> RequestAsync(StreamingMessage request, CancellationToken cancellationToken)
        => _channel.RequestAsync(request, _options.StartupTimeout, cancellationToken);

    private void Check(StatusResult? result, string what)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw new FunctionsHostException($"{what} reports {result?.Status.ToString() ?? "no status"}: {result?.Exception?.Message ?? result?.Result}\n{Log.Tail()}");
        }
    }

    /// <summary>Stops the queue listeners, asks the worker to terminate, kills it if it lingers, and stops the servers; each step runs whatever the one before did.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            QueueListener[] listeners;
            lock (_listeners)
            {
                listeners = [.. _listeners];
            }

            foreach (var listener in listeners)
            {
                await listener.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                await StopWorkerAsync();
            }
            finally
            {
                await StopServersAsync();
                _stopping.Dispose();
            }
        }
    }

    private async Task StopWorkerAsync()
    {
        if (_worker is null)
        {
            return;
        }

        try
        {
            await _channel.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } }, CancellationToken.None);
            await _worker.Exited.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            Log.Add("host", "the worker did not stop within 5 s of WorkerTerminate: killing it");
        }
        finally
        {
            await _worker.DisposeAsync();
        }
    }

    private async Task StopServersAsync()
    {
        if (_frontDoor is not null)
        {
            await _frontDoor.DisposeAsync();
        }

        if (_rpcServer is not null)
        {
            await _rpcServer.StopAsync(CancellationToken.None);
            await _rpcServer.DisposeAsync();
        }
    }
}
