using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace WakeDock.Functions.Live.Azure;

/// <summary>A call to Azure SignalR Service that did not end in 2xx.</summary>
public sealed class AzureSignalRException(string message) : Exception(message);

/// <summary>
/// The data-plane REST API of Azure SignalR Service (api-version 2022-06-01), as much as WakeDock uses: broadcast to a
/// hub (<c>POST /api/hubs/{hub}/:send</c>) or a group (<c>…/groups/{group}/:send</c>) with a body
/// <c>{"target", "arguments"}</c>, 202 when accepted; and the negotiate answer that sends a browser to the service.
/// </summary>
public sealed class AzureSignalRRestClient(HttpClient http, IOptions<AzureSignalROptions> options, TimeProvider time)
{
    public const string HttpClientName = "azure-signalr";
    public const string ApiVersion = "2022-06-01";

    /// <summary>The service refuses larger bodies.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly AzureSignalROptions _options = options.Value;
    private AzureSignalRConnectionString? _connection;

    private AzureSignalRConnectionString Connection
        => _connection ??= AzureSignalRConnectionString.Parse(_options.ConnectionString ?? throw new InvalidOperationException("Azure:SignalR:ConnectionString is not set."));

    public string Hub => _options.HubName.ToLowerInvariant();

    /// <summary>Where a browser connects, and its token (<c>aud</c> = that URL): the answer of the hub's negotiate.</summary>
    public NegotiateRedirect Negotiate()
    {
        var url = $"{Connection.Base}/client/?hub={Uri.EscapeDataString(Hub)}";
        var now = time.GetUtcNow();
        return new NegotiateRedirect(url, ServiceAccessToken.Create(url, now + _options.ClientTokenLifetime, Connection.AccessKey, now));
    }

    public Task SendToAllAsync(string target, ReadOnlyMemory<byte> argumentJson, CancellationToken cancellationToken)
        => SendAsync($"/api/hubs/{Uri.EscapeDataString(Hub)}/:send", target, argumentJson, cancellationToken);

    public Task SendToGroupAsync(string group, string target, ReadOnlyMemory<byte> argumentJson, CancellationToken cancellationToken)
        => SendAsync($"/api/hubs/{Uri.EscapeDataString(Hub)}/groups/{Uri.EscapeDataString(group)}/:send", target, argumentJson, cancellationToken);

    /// <summary>The body the service expects: <c>{"target":"…","arguments":[&lt;argument&gt;]}</c>, the argument as it is.</summary>
    public static byte[] Body(string target, ReadOnlySpan<byte> argumentJson)
    {
        var prefix = Encoding.UTF8.GetBytes($"{{\"target\":{System.Text.Json.JsonSerializer.Serialize(target, LiveJsonContext.Default.String)},\"arguments\":[");
        var body = new byte[prefix.Length + argumentJson.Length + 2];
        prefix.CopyTo(body, 0);
        argumentJson.CopyTo(body.AsSpan(prefix.Length));
        body[^2] = (byte)']';
        body[^1] = (byte)'}';
        return body;
    }

    private async Task SendAsync(string path, string target, ReadOnlyMemory<byte> argumentJson, CancellationToken cancellationToken)
    {
        var body = Body(target, argumentJson.Span);
        if (body.Length > MaxBodyBytes)
        {
            throw new AzureSignalRException($"A {target} message of {body.Length} bytes is over the service's 1 MB limit.");
        }

        var uri = new Uri($"{Connection.Base}{path}?api-version={ApiVersion}");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var now = time.GetUtcNow();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            ServiceAccessToken.Create(ServiceAccessToken.AudienceOf(uri), now.AddMinutes(5), Connection.AccessKey, now));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var response = await http.SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(timeout.Token);
            throw new AzureSignalRException($"Azure SignalR answered {(int)response.StatusCode} to POST {uri.AbsolutePath}: {(detail.Length > 300 ? detail[..300] : detail)}");
        }
    }
}

/// <summary>The negotiate answer of the serverless mode: the service's client URL and a token for it.</summary>
public sealed record NegotiateRedirect(string Url, string AccessToken);

/// <summary>The negotiate answer as SignalR clients read it (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NegotiateRedirect))]
internal sealed partial class AzureSignalRJsonContext : JsonSerializerContext;
