using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>One publish request as the sidecar received it.</summary>
internal sealed record PublishRequest(string Path, string? ContentType, string? ApiToken, byte[] Body, string? PartitionKey = null);

/// <summary>One output-binding invocation as the sidecar received it.</summary>
internal sealed record BindingRequest(string Binding, string? ApiToken, string? ContentType, JsonElement Body)
{
    public string Operation => Body.GetProperty("operation").GetString()!;

    public JsonElement Data => Body.GetProperty("data");

    public string? Metadata(string key)
        => Body.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty(key, out var value) ? value.GetString() : null;
}

/// <summary>
/// A real HTTP server speaking the sidecar's publish contract (<c>POST /v1.0/publish/{pubsub}/{topic}</c>,
/// 204 when taken) and its output-binding contract (<c>POST /v1.0/bindings/{name}</c> with
/// <c>{"data", "metadata", "operation"}</c>, 204 when taken): what an agent publishes lands in <see cref="Received"/>,
/// what it hands a binding in <see cref="Bindings"/>, across stops and restarts on the same port, which is how a test
/// makes the sidecar go away and come back. A binding named in <see cref="Failing"/> answers 500 as a sidecar does
/// when its component fails.
/// </summary>
internal sealed class DaprSidecarStub : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<PublishRequest> _received = [];
    private readonly List<BindingRequest> _bindings = [];
    private WebApplication? _app;

    public int Port { get; } = WakeDock.Testing.FreePort.Next();

    public HashSet<string> Failing { get; } = [];

    public IReadOnlyList<PublishRequest> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<BindingRequest> Bindings
    {
        get
        {
            lock (_lock)
            {
                return [.. _bindings];
            }
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1.0/publish/{pubsub}/{topic}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            lock (_lock)
            {
                _received.Add(new PublishRequest(request.Path, request.ContentType, request.Headers["dapr-api-token"].FirstOrDefault(), body.ToArray(),
                    request.Query["metadata.partitionKey"].FirstOrDefault()));
            }

            return Results.StatusCode((int)HttpStatusCode.NoContent);
        });
        _app.MapPost("/v1.0/bindings/{name}", async (string name, HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            lock (_lock)
            {
                _bindings.Add(new BindingRequest(name, request.Headers["dapr-api-token"].FirstOrDefault(), request.ContentType, document.RootElement.Clone()));
            }

            return Failing.Contains(name)
                ? Results.Json(new { errorCode = "ERR_INVOKE_OUTPUT_BINDING", message = "error invoking output binding" }, statusCode: 500)
                : Results.StatusCode((int)HttpStatusCode.NoContent);
        });
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public Task WaitForAsync(Func<IReadOnlyList<PublishRequest>, bool> condition, string? what = null)
        => Eventually.TrueAsync(() => condition(Received), $"the sidecar stub seeing {what ?? "the expected publishes"}");

    public ValueTask DisposeAsync() => new(StopAsync());
}
