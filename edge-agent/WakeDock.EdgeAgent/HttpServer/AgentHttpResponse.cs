using System.Collections.Specialized;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WakeDock.EdgeAgent.HttpServer;

/// <summary>An answer of the agent's HTTP surface.</summary>
public sealed record AgentHttpResponse(int StatusCode, byte[] Body, string ContentType = "application/json")
{
    public static AgentHttpResponse Json<T>(T value, JsonTypeInfo<T> type, int statusCode = 200)
        => new(statusCode, JsonSerializer.SerializeToUtf8Bytes(value, type));

    public static AgentHttpResponse Text(int statusCode, string text) => new(statusCode, Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");
}

/// <summary>What answers the requests <see cref="AgentHttpServer"/> reads.</summary>
public interface IAgentHttpHandler
{
    /// <summary>Answers one request; <paramref name="path"/> is as sent (percent-encoded), <paramref name="apiToken"/> the <c>dapr-api-token</c> header.</summary>
    Task<AgentHttpResponse> HandleAsync(string method, string path, NameValueCollection query, string? apiToken, Stream body, CancellationToken cancellationToken);
}
