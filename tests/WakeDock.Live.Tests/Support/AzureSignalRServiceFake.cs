using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using WakeDock.Testing;

namespace WakeDock.Live.Tests.Support;

/// <summary>What the fake service accepted: the hub, the group (if any), the target and the arguments.</summary>
internal sealed record ServiceMessage(string Hub, string? Group, string Target, JsonArray Arguments);

/// <summary>
/// Azure SignalR Service's data-plane REST API as its reference describes it, for the calls WakeDock makes
/// (Azure SignalR Service cannot run here): <c>POST /api/hubs/{hub}/:send</c> and <c>…/groups/{group}/:send</c> with
/// <c>api-version=2022-06-01</c>, a bearer JWT signed HS256 with the AccessKey whose <c>aud</c> is the request URL
/// without its query and whose <c>exp</c> is ahead, a JSON body <c>{"target": string, "arguments": array}</c> of at
/// most 1 MB; 202 when all holds, 401 or 400 with the reason otherwise.
/// </summary>
internal sealed class AzureSignalRServiceFake : IAsyncDisposable
{
    private readonly WebApplication _app;

    public AzureSignalRServiceFake(string accessKey)
    {
        AccessKey = accessKey;
        Port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.Run(HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public string AccessKey { get; }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public string ConnectionString => $"Endpoint={Endpoint};AccessKey={AccessKey};Version=1.0;";

    public ConcurrentQueue<ServiceMessage> Accepted { get; } = new();

    public ConcurrentQueue<string> Refusals { get; } = new();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // api / hubs / {hub} / :send   or   api / hubs / {hub} / groups / {group} / :send
        var isHubSend = segments is ["api", "hubs", _, ":send"];
        var isGroupSend = segments is ["api", "hubs", _, "groups", _, ":send"];
        if (request.Method != "POST" || !(isHubSend || isGroupSend))
        {
            await RefuseAsync(context, 404, $"no such API: {request.Method} {request.Path}");
            return;
        }

        if (request.Query["api-version"] != "2022-06-01")
        {
            await RefuseAsync(context, 400, $"api-version must be 2022-06-01, got '{request.Query["api-version"]}'");
            return;
        }

        var audience = $"{request.Scheme}://{request.Host}{request.Path}";
        if (TokenProblem(request.Headers.Authorization.ToString(), audience, AccessKey) is { } problem)
        {
            await RefuseAsync(context, 401, problem);
            return;
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            await RefuseAsync(context, 400, $"Content-Type must be application/json, got '{request.ContentType}'");
            return;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (body.Length > 1024 * 1024)
        {
            await RefuseAsync(context, 413, "the body is over 1 MB");
            return;
        }

        JsonObject message;
        try
        {
            message = JsonNode.Parse(body.ToArray())!.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            await RefuseAsync(context, 400, $"the body is not a JSON object: {e.Message}");
            return;
        }

        if (message["target"] is not JsonValue target || target.GetValueKind() != JsonValueKind.String || message["arguments"] is not JsonArray arguments
            || message.Count != 2)
        {
            await RefuseAsync(context, 400, $"the body must be {{\"target\": string, \"arguments\": array}}: {message.ToJsonString()}");
            return;
        }

        Accepted.Enqueue(new ServiceMessage(segments[2], isGroupSend ? segments[4] : null, target.GetValue<string>(), arguments));
        context.Response.StatusCode = 202;
    }

    /// <summary>Why a bearer token is not one the service takes for <paramref name="audience"/>, or null.</summary>
    public static string? TokenProblem(string authorization, string audience, string accessKey)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "no bearer token";
        }

        var parts = authorization[7..].Split('.');
        if (parts.Length != 3)
        {
            return "not a JWT";
        }

        var header = JsonNode.Parse(FromBase64Url(parts[0]))!;
        if ((string?)header["alg"] != "HS256")
        {
            return $"alg must be HS256, got {header["alg"]}";
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, FromBase64Url(parts[2])))
        {
            return "the signature does not verify with the AccessKey";
        }

        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!;
        if ((string?)claims["aud"] != audience)
        {
            return $"aud is '{claims["aud"]}', not the request URL '{audience}'";
        }

        if (claims["exp"] is not JsonValue exp || DateTimeOffset.FromUnixTimeSeconds(exp.GetValue<long>()) <= DateTimeOffset.UtcNow)
        {
            return "exp is missing or past";
        }

        return null;
    }

    public static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private async Task RefuseAsync(HttpContext context, int status, string reason)
    {
        Refusals.Enqueue(reason);
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(reason);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
