using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WakeDock.Testing;
using WakeDock.Testing.Sidecars;

namespace WakeDock.Api.Tests.Support;

/// <summary>One publish as the sidecar received it.</summary>
internal sealed record Published(string Pubsub, string Topic, string? ContentType, string? ApiToken, JsonNode Event);

/// <summary>
/// A sidecar for one app beside it, on real ports as daprd listens: its gRPC runtime service (the
/// <see cref="DaprGrpcSidecarStub"/> built from Dapr's protos) takes <c>PublishEvent</c>, its HTTP API
/// <c>POST /v1.0/publish/{pubsub}/{topic}</c> (204), and delivers the event to every
/// subscriber of the topic as Dapr does (the app's <c>GET /dapr/subscribe</c> names the route,
/// the sidecar POSTs the CloudEvent there with its app token); its HTTP API also serves
/// <c>GET /v1.0/invoke/{app-id}/method/{path}</c> (forwarded to that app, answer passed back). Calls without the
/// sidecar's API token are refused (gRPC UNAUTHENTICATED, HTTP 401), as <c>daprd</c> does when it runs with <c>DAPR_API_TOKEN</c>.
/// </summary>
internal sealed class DaprSidecarFake(string apiToken, string appToken) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Published> _published = new();
    private readonly DaprGrpcSidecarStub _grpc = new();
    private WebApplication? _server;

    /// <summary>The HTTP port (<c>DAPR_HTTP_PORT</c>).</summary>
    public int Port { get; } = FreePort.Next();

    /// <summary>The gRPC port (<c>DAPR_GRPC_PORT</c>).</summary>
    public int GrpcPort => _grpc.Port;

    public IReadOnlyCollection<Published> Publishes => [.. _published];

    public int Refused { get; private set; }

    /// <summary>Makes <paramref name="appId"/> reachable through this sidecar (the client carries the app's address).</summary>
    public void Register(string appId, HttpClient app) => _apps[appId] = app;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/v1.0/publish/{pubsub}/{topic}", PublishOverHttpAsync);
        _server.MapGet("/v1.0/invoke/{appId}/method/{**method}", InvokeAsync);
        await _server.StartAsync();
        _grpc.OnPublish = PublishAsync;
        await _grpc.StartAsync();
    }

    /// <summary>An HTTP publish (the agents' default target).</summary>
    private async Task<IResult> PublishOverHttpAsync(HttpContext context, string pubsub, string topic)
    {
        if (!Authorized(context))
        {
            return Results.Unauthorized();
        }

        await DeliverAsync(new Published(pubsub, topic, context.Request.ContentType, context.Request.Headers["dapr-api-token"], (await JsonNode.ParseAsync(context.Request.Body))!));
        return Results.NoContent();
    }

    /// <summary>A gRPC <c>PublishEvent</c> (Dapr.Client's).</summary>
    private async Task PublishAsync(GrpcPublish publish)
    {
        if (publish.ApiToken != apiToken)
        {
            Refused++;
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or wrong dapr-api-token"));
        }

        await DeliverAsync(new Published(publish.Request.PubsubName, publish.Request.Topic, publish.Request.DataContentType, publish.ApiToken, JsonNode.Parse(publish.Request.Data.Span)!));
    }

    private async Task DeliverAsync(Published published)
    {
        _published.Enqueue(published);
        var (pubsub, topic) = (published.Pubsub, published.Topic);
        var envelope = published.Event;
        envelope["topic"] = topic;
        envelope["pubsubname"] = pubsub;
        foreach (var app in _apps.Values)
        {
            using var discovery = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
            discovery.Headers.Add("dapr-api-token", appToken);
            using var listed = await app.SendAsync(discovery);
            var subscriptions = JsonNode.Parse(await listed.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.AsArray();
            if (subscriptions.FirstOrDefault(s => s!["topic"]!.GetValue<string>() == topic && s["pubsubname"]!.GetValue<string>() == pubsub) is { } subscription)
            {
                using var delivery = new StringContent(envelope.ToJsonString());
                delivery.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
                using var request = new HttpRequestMessage(HttpMethod.Post, subscription["route"]!.GetValue<string>()) { Content = delivery };
                request.Headers.Add("dapr-api-token", appToken);
                using var answer = await app.SendAsync(request);
                answer.EnsureSuccessStatusCode();
            }
        }
    }

    private async Task InvokeAsync(HttpContext context, string appId, string method)
    {
        if (!Authorized(context))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!_apps.TryGetValue(appId, out var app))
        {
            // daprd answers 500 ERR_DIRECT_INVOKE when no app has the id
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("""{"errorCode":"ERR_DIRECT_INVOKE","message":"app not found"}""");
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + method + context.Request.QueryString);
        request.Headers.Add("dapr-api-token", appToken);
        using var answer = await app.SendAsync(request);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await answer.Content.CopyToAsync(context.Response.Body);
    }

    private bool Authorized(HttpContext context)
    {
        var ok = context.Request.Headers["dapr-api-token"] == apiToken;
        if (!ok)
        {
            Refused++;
        }

        return ok;
    }

    public async ValueTask DisposeAsync()
    {
        await _grpc.DisposeAsync();
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }
}
