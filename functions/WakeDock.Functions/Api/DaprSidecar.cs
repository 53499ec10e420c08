using System.Globalization;
using Dapr.Client;
using Dapr;
using Grpc.Core;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Api;

/// <summary>
/// This host's one place for Dapr's building blocks, through Dapr.Client: publish (gRPC <c>PublishEvent</c> of a
/// structured CloudEvent, passed through by the sidecar as it is) and service invocation (the request Dapr.Client builds,
/// <c>/v1.0/invoke/&lt;app-id&gt;/method/&lt;path&gt;</c> with the API token, sent by a client that follows no redirect
/// and uses no proxy: only the loopback sidecar is ever called).
/// </summary>
public sealed class DaprSidecar(DaprClient dapr, IHttpClientFactory clients, IOptions<ApiOptions> api)
{
    public const string HttpClientName = "wakedock-dapr";

    public static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "::1", "[::1]"];

    /// <summary>The sidecar's endpoints and token from <see cref="DaprOptions"/> (<c>DAPR_HTTP_PORT</c>, <c>DAPR_GRPC_PORT</c>, <c>DAPR_API_TOKEN</c>).</summary>
    public static void Configure(DaprClientBuilder builder, DaprOptions dapr, ApiOptions api)
    {
        var host = dapr.SidecarHost == "::1" ? "[::1]" : dapr.SidecarHost;
        builder.UseHttpEndpoint(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{dapr.HttpPort}"))
            .UseGrpcEndpoint(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{dapr.GrpcPort}"))
            .UseDaprApiToken(dapr.ApiToken ?? "")
            .UseTimeout(api.SidecarTimeout);
    }

    public static void Configure(HttpClient client, ApiOptions api) => client.Timeout = api.SidecarTimeout;

    public static SocketsHttpHandler Handler() => new() { AllowAutoRedirect = false, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    public async Task PublishAsync(string pubsub, string topic, byte[] cloudEvent, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(api.Value.SidecarTimeout);
        try
        {
            await dapr.PublishByteEventAsync(pubsub, topic, cloudEvent, CloudEventTypes.MediaType, cancellationToken: timeout.Token);
        }
        catch (DaprException e) when (e.InnerException is RpcException rpc)
        {
            throw new SidecarException(rpc.StatusCode switch
            {
                StatusCode.PermissionDenied => $"the Dapr sidecar refused to publish to {topic} (PermissionDenied: blocked by its access control)",
                StatusCode.NotFound or StatusCode.InvalidArgument => $"the Dapr sidecar knows no pub/sub {pubsub} or topic {topic} ({rpc.StatusCode})",
                StatusCode.Unavailable => $"the Dapr sidecar is unreachable: {rpc.Status.Detail}",
                StatusCode.DeadlineExceeded or StatusCode.Cancelled when !cancellationToken.IsCancellationRequested => "the Dapr sidecar did not answer in time",
                var status => $"the Dapr sidecar could not deliver to {topic} ({status}: {rpc.Status.Detail})",
            }, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SidecarException("the Dapr sidecar did not answer in time", e);
        }
    }

    /// <summary>GET a method of another app through the sidecar; the caller reads (and disposes) the answer.</summary>
    public async Task<HttpResponseMessage> InvokeAsync(string appId, string method, IReadOnlyCollection<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        using var request = dapr.CreateInvokeMethodRequest(HttpMethod.Get, appId, method, query);
        try
        {
            return await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SidecarException($"the Dapr sidecar is unreachable: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new SidecarException("the Dapr sidecar did not answer in time", e);
        }
    }
}
