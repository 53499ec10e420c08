using System.Net.Http.Headers;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>
/// Straight to the functions host's ingest route (setups without Dapr): the same CloudEvent, with
/// the agent key header. 2xx is delivered unless the body answers as Dapr's subscriber contract
/// does, <c>{"status":"RETRY"}</c> or <c>{"status":"DROP"}</c>; anything else is tried again later.
/// </summary>
public sealed class HttpIngestPublisher : IBatchPublisher, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _ingest;

    public HttpIngestPublisher(PublisherOptions options)
    {
        _ingest = new Uri(options.IngestUrl ?? throw new ArgumentException("IngestUrl is required.", nameof(options)));
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
        if (!string.IsNullOrEmpty(options.AgentKey))
        {
            _http.DefaultRequestHeaders.Add(PipelineNames.AgentKeyHeader, options.AgentKey);
        }
    }

    public string Target => "http";

    public async Task<BatchAcceptance> PublishAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventTypes.MediaType);
        using var response = await _http.PostAsync(_ingest, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return BatchAcceptance.Retry;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return StatusOf(body) switch
        {
            "RETRY" => BatchAcceptance.Retry,
            "DROP" => BatchAcceptance.Rejected,
            _ => BatchAcceptance.Accepted,
        };
    }

    public void Dispose() => _http.Dispose();

    private static string? StatusOf(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? status.GetString()!.ToUpperInvariant()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
