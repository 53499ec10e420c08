using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>
/// Dapr's runtime service over gRPC: <c>dapr.proto.runtime.v1.Dapr/PublishEvent</c> on the sidecar's gRPC port
/// (HTTP/2 without TLS, as Dapr.Client talks to it), the batch as a structured CloudEvent with the Docker host as
/// the <c>partitionKey</c> metadata, <c>dapr-api-token</c> when the sidecar has one. gRPC status OK is delivered;
/// any other status, or no sidecar, is tried again later. Its own few bytes of protobuf rather than Dapr.Client,
/// for the agent's memory (docs/agent-performance.md).
/// </summary>
public sealed class DaprGrpcPublisher : IBatchPublisher, IDisposable
{
    public const string PublishEventPath = "/dapr.proto.runtime.v1.Dapr/PublishEvent";
    private const string GrpcStatus = "grpc-status";
    private readonly HttpClient _http;
    private readonly PublisherOptions _options;

    public DaprGrpcPublisher(PublisherOptions options)
    {
        _options = options;
        _http = DaprPublisher.SidecarClient(options, string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.DaprGrpcPort}/"));
        _http.DefaultRequestVersion = HttpVersion.Version20;
        _http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        _http.DefaultRequestHeaders.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
    }

    public string Target => "dapr-grpc";

    public async Task<BatchAcceptance> PublishAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        KeyValuePair<string, string>[] metadata = batch.Data?.Host is { Length: > 0 } host ? [new(DaprPublisher.PartitionKeyMetadata, host)] : [];
        var frame = PublishEventRequestWriter.Frame(_options.PubSubName, _options.Topic, json.Span, CloudEventTypes.MediaType, metadata);
        using var content = new ByteArrayContent(frame);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var response = await _http.PostAsync(PublishEventPath, content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return BatchAcceptance.Retry;
        }

        // the status comes in the trailers, or in the headers of a trailers-only answer
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = response.TrailingHeaders.TryGetValues(GrpcStatus, out var trailer) ? trailer.FirstOrDefault()
            : response.Headers.TryGetValues(GrpcStatus, out var header) ? header.FirstOrDefault() : null;
        return status == "0" ? BatchAcceptance.Accepted : BatchAcceptance.Retry;
    }

    public void Dispose() => _http.Dispose();
}
