using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>
/// Dapr's publish API: <c>POST /v1.0/publish/&lt;pubsub&gt;/&lt;topic&gt;</c> on the sidecar, the batch as
/// a structured CloudEvent (<c>application/cloudevents+json</c>), the Docker host as the <c>partitionKey</c>
/// metadata (<c>?metadata.partitionKey=</c>: the functions scale out by host), <c>dapr-api-token</c> when the
/// sidecar has one. 204 is delivered; anything else (403, 404, 500, no sidecar) is tried again later.
/// </summary>
public sealed class DaprPublisher : IBatchPublisher, IDisposable
{
    public const string ApiTokenHeader = "dapr-api-token";

    /// <summary>The publish metadata naming the batch's partition: its Docker host.</summary>
    public const string PartitionKeyMetadata = "partitionKey";
    private readonly HttpClient _http;
    private readonly string _path;

    public DaprPublisher(PublisherOptions options)
    {
        _http = SidecarClient(options, string.Create(CultureInfo.InvariantCulture, $"http://localhost:{options.DaprHttpPort}/"));

        _path = $"v1.0/publish/{Uri.EscapeDataString(options.PubSubName)}/{Uri.EscapeDataString(options.Topic)}";
    }

    public string Target => "dapr";

    /// <summary>A client of the sidecar at <paramref name="baseAddress"/>: the publish timeout, the API token when there is one.</summary>
    internal static HttpClient SidecarClient(PublisherOptions options, string baseAddress)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(baseAddress),
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
        if (!string.IsNullOrEmpty(options.DaprApiToken))
        {
            http.DefaultRequestHeaders.Add(ApiTokenHeader, options.DaprApiToken);
        }

        return http;
    }

    public async Task<BatchAcceptance> PublishAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventTypes.MediaType);
        var path = batch.Data?.Host is { Length: > 0 } host ? $"{_path}?metadata.{PartitionKeyMetadata}={Uri.EscapeDataString(host)}" : _path;
        using var response = await _http.PostAsync(path, content, cancellationToken);
        return response.StatusCode == HttpStatusCode.NoContent ? BatchAcceptance.Accepted : BatchAcceptance.Retry;
    }

    public void Dispose() => _http.Dispose();
}
