using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Api;

/// <summary>The sidecar answered something other than success, or could not be reached.</summary>
public sealed class SidecarException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Dapr's HTTP API on the sidecar beside this host: publish (<c>POST /v1.0/publish/&lt;pubsub&gt;/&lt;topic&gt;</c>,
/// a structured CloudEvent, 204 delivered) and service invocation (<c>/v1.0/invoke/&lt;app-id&gt;/method/&lt;path&gt;</c>).
/// Only the loopback sidecar is ever called, redirects are not followed and no proxy is used.
/// </summary>
public sealed class DaprSidecar(HttpClient http)
{
    public const string HttpClientName = "wakedock-dapr";
    public const string ApiTokenHeader = "dapr-api-token";

    public static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "::1", "[::1]"];

    public static void Configure(HttpClient client, DaprOptions dapr, ApiOptions api)
    {
        var host = dapr.SidecarHost == "::1" ? "[::1]" : dapr.SidecarHost;
        client.BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{dapr.HttpPort}/"));
        client.Timeout = api.SidecarTimeout;
        if (!string.IsNullOrEmpty(dapr.ApiToken))
        {
            client.DefaultRequestHeaders.Add(ApiTokenHeader, dapr.ApiToken);
        }
    }

    public static SocketsHttpHandler Handler() => new() { AllowAutoRedirect = false, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    public async Task PublishAsync(string pubsub, string topic, byte[] cloudEvent, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(cloudEvent);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventTypes.MediaType);
        using var response = await SendAsync(() => http.PostAsync($"v1.0/publish/{Uri.EscapeDataString(pubsub)}/{Uri.EscapeDataString(topic)}", content, cancellationToken));
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new SidecarException(response.StatusCode switch
            {
                HttpStatusCode.Forbidden => $"the Dapr sidecar refused to publish to {topic} (403: blocked by its access control)",
                HttpStatusCode.NotFound => $"the Dapr sidecar knows no pub/sub {pubsub} or topic {topic} (404)",
                var status => $"the Dapr sidecar could not deliver to {topic} ({(int)status})",
            });
        }
    }

    /// <summary>GET a method of another app; the caller reads (and disposes) the answer.</summary>
    public Task<HttpResponseMessage> InvokeAsync(string appId, string method, string query, CancellationToken cancellationToken)
        => SendAsync(() => http.GetAsync($"v1.0/invoke/{Uri.EscapeDataString(appId)}/method/{method}{query}", HttpCompletionOption.ResponseHeadersRead, cancellationToken));

    private static async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
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
