using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;

namespace WakeDock.EdgeAgent.Publishing;

/// <summary>
/// Dapr's output-binding API: <c>POST /v1.0/bindings/&lt;name&gt;</c> on the sidecar with
/// <c>{"data": …, "operation": "create"}</c>. Each batch's CloudEvent goes to the storage-queue binding
/// (<c>bindings.azure.storagequeues</c>) that the Functions app's queue trigger reads; a batch too large for a
/// queue message (64 KB) is first uploaded through the blob binding (<c>bindings.azure.blobstorage</c>) as
/// <c>claims/&lt;source&gt;/&lt;id&gt;.json</c>, and the queue gets a <see cref="BatchClaimCheck"/> naming it.
/// 2xx is delivered; anything else (403, 404, 500, no sidecar) is tried again later.
/// </summary>
public sealed class DaprQueueBindingPublisher : IBatchPublisher, IDisposable
{
    /// <summary>
    /// The largest CloudEvent sent as a queue message: 64 KB less room for the queue's XML envelope and for a
    /// binding that base64-encodes (which would not fit anyway above 48 KB).
    /// </summary>
    public const int MaxQueuedBytes = 48 * 1024;

    private const string CreateOperation = "create";
    private readonly HttpClient _http;
    private readonly string _queuePath;
    private readonly string _claimPath;

    public DaprQueueBindingPublisher(PublisherOptions options)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{options.DaprHttpPort}/")),
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
        if (!string.IsNullOrEmpty(options.DaprApiToken))
        {
            _http.DefaultRequestHeaders.Add(DaprPublisher.ApiTokenHeader, options.DaprApiToken);
        }

        _queuePath = $"v1.0/bindings/{Uri.EscapeDataString(options.QueueBinding)}";
        _claimPath = $"v1.0/bindings/{Uri.EscapeDataString(options.ClaimCheckBinding)}";
    }

    public string Target => "dapr-queue";

    public async Task<BatchAcceptance> PublishAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        if (json.Length <= MaxQueuedBytes)
        {
            return await InvokeAsync(_queuePath, json, blobName: null, cancellationToken) ? BatchAcceptance.Accepted : BatchAcceptance.Retry;
        }

        var claim = ClaimCheckName(batch);
        if (!await InvokeAsync(_claimPath, json, claim, cancellationToken))
        {
            return BatchAcceptance.Retry;
        }

        var ticket = JsonSerializer.SerializeToUtf8Bytes(new BatchClaimCheck(claim), WakeDockJson.Context.BatchClaimCheck);
        return await InvokeAsync(_queuePath, ticket, blobName: null, cancellationToken) ? BatchAcceptance.Accepted : BatchAcceptance.Retry;
    }

    /// <summary>
    /// <c>claims/&lt;source&gt;/&lt;id&gt;.json</c>, each part reduced to letters, digits, '_' and '-': the same
    /// batch always gets the same name, so a retried upload overwrites its own blob.
    /// </summary>
    public static string ClaimCheckName(CloudEvent<SampleBatch> batch)
        => $"{PipelineNames.ClaimCheckPrefix}{Sanitize(batch.Source)}/{Sanitize(batch.Id)}.json";

    public void Dispose() => _http.Dispose();

    private async Task<bool> InvokeAsync(string path, ReadOnlyMemory<byte> data, string? blobName, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(Request(data, blobName));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(path, content, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>The binding request; <c>data</c> is the JSON itself (not a string), which the sidecar hands to the binding as its bytes.</summary>
    private static ReadOnlyMemory<byte> Request(ReadOnlyMemory<byte> data, string? blobName)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            writer.WriteRawValue(data.Span, skipInputValidation: true);
            if (blobName is not null)
            {
                writer.WriteStartObject("metadata");
                writer.WriteString("blobName", blobName);
                writer.WriteString("contentType", "application/json");
                writer.WriteEndObject();
            }

            writer.WriteString("operation", CreateOperation);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-');
        }

        return builder.ToString().Trim('-') is { Length: > 0 } name ? name : "unnamed";
    }
}
