using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;

namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>
/// The few Blob service operations WakeDock needs, over the REST API with Shared Key: containers,
/// append blobs (create, append block), block blobs (put), ranged reads, listing with markers and
/// deletes. Azure.Storage.Blobs cannot be restored here; this class is the whole replacement.
/// </summary>
public sealed class BlobRestClient(HttpClient http, Uri accountEndpoint, SharedKeySigner signer)
{
    public const string ApiVersion = "2023-11-03";

    /// <summary>Append Block accepts at most 4 MiB.</summary>
    public const int MaxAppendBlockBytes = 4 * 1024 * 1024;

    private readonly string _endpoint = accountEndpoint.ToString().TrimEnd('/');

    /// <summary>Creates the container; returns false when it already exists.</summary>
    public async Task<bool> CreateContainerAsync(string container, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Put, container, "restype=container", content: ReadOnlyMemory<byte>.Empty);
        return await SendForCreateAsync(request, "ContainerAlreadyExists", cancellationToken);
    }

    /// <summary>Creates an empty append blob unless one exists (<c>If-None-Match: *</c>); returns false when it existed.</summary>
    public async Task<bool> CreateAppendBlobAsync(string container, string blob, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Put, $"{container}/{Escape(blob)}", null, content: ReadOnlyMemory<byte>.Empty);
        request.Headers.Add("x-ms-blob-type", "AppendBlob");
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        return await SendForCreateAsync(request, "BlobAlreadyExists", cancellationToken);
    }

    /// <summary>Appends one block (≤ 4 MiB). With <paramref name="expectedOffset"/> the append is conditional on the blob's length (412 otherwise). Returns the offset it was written at.</summary>
    public async Task<long> AppendBlockAsync(string container, string blob, ReadOnlyMemory<byte> block, long? expectedOffset = null, CancellationToken cancellationToken = default)
    {
        if (block.Length is 0 or > MaxAppendBlockBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(block), block.Length, "An append block holds 1 byte to 4 MiB.");
        }

        using var request = NewRequest(HttpMethod.Put, $"{container}/{Escape(blob)}", "comp=appendblock", block);
        if (expectedOffset is { } offset)
        {
            request.Headers.Add("x-ms-blob-condition-appendpos", offset.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await SendAsync(request, cancellationToken);
        return long.Parse(response.Headers.GetValues("x-ms-blob-append-offset").First(), CultureInfo.InvariantCulture);
    }

    /// <summary>Uploads a whole block blob, replacing any blob of that name.</summary>
    public async Task PutBlockBlobAsync(string container, string blob, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Put, $"{container}/{Escape(blob)}", null, content);
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await SendAsync(request, cancellationToken);
    }

    /// <summary>Reads a blob, or the byte range [<paramref name="offset"/>, offset + length) of it.</summary>
    public async Task<byte[]> DownloadAsync(string container, string blob, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, $"{container}/{Escape(blob)}", null, null);
        if (offset > 0 || length is not null)
        {
            var end = length is { } l ? (offset + l - 1).ToString(CultureInfo.InvariantCulture) : "";
            request.Headers.Add("x-ms-range", $"bytes={offset}-{end}");
        }

        using var response = await SendAsync(request, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Lists the blobs whose names start with <paramref name="prefix"/>, following continuation markers.</summary>
    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string prefix = "", [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? marker = null;
        do
        {
            var query = $"restype=container&comp=list&prefix={Uri.EscapeDataString(prefix)}"
                + (marker is null ? "" : $"&marker={Uri.EscapeDataString(marker)}");
            using var request = NewRequest(HttpMethod.Get, container, query, null);
            using var response = await SendAsync(request, cancellationToken);
            var document = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            foreach (var blob in document.Descendants("Blob"))
            {
                var properties = blob.Element("Properties");
                yield return new BlobItem(
                    blob.Element("Name")?.Value ?? "",
                    long.Parse(properties?.Element("Content-Length")?.Value ?? "0", CultureInfo.InvariantCulture),
                    DateTimeOffset.TryParse(properties?.Element("Last-Modified")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified) ? modified : null);
            }

            marker = document.Root?.Element("NextMarker")?.Value;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    /// <summary>Deletes a blob; returns false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string container, string blob, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Delete, $"{container}/{Escape(blob)}", null, null);
        using var response = await SignAndSendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    private static string Escape(string blob) => string.Join('/', blob.Split('/').Select(Uri.EscapeDataString));

    private HttpRequestMessage NewRequest(HttpMethod method, string path, string? query, ReadOnlyMemory<byte>? content)
    {
        var request = new HttpRequestMessage(method, $"{_endpoint}/{path}{(query is null ? "" : "?" + query)}");
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", ApiVersion);
        if (content is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentLength = body.Length;
            if (body.Length > 0)
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            }
        }

        return request;
    }

    private async Task<bool> SendForCreateAsync(HttpRequestMessage request, string existsCode, CancellationToken cancellationToken)
    {
        using var response = await SignAndSendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict && ErrorCode(response) == existsCode)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await SignAndSendAsync(request, cancellationToken);
        try
        {
            await EnsureSuccessAsync(response, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private Task<HttpResponseMessage> SignAndSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        signer.Sign(request);
        return http.SendAsync(request, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new BlobRequestException(response.StatusCode, ErrorCode(response),
            $"Blob service answered {(int)response.StatusCode} {ErrorCode(response)} for {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {body}");
    }

    private static string? ErrorCode(HttpResponseMessage response)
        => response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
}
