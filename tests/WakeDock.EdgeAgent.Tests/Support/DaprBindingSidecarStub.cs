using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>One output-binding invocation as the sidecar received it.</summary>
internal sealed record BindingRequest(string Binding, string? ApiToken, string? ContentType, JsonElement Body)
{
    public string Operation => Body.GetProperty("operation").GetString()!;

    public JsonElement Data => Body.GetProperty("data");

    public string? Metadata(string key)
        => Body.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty(key, out var value) ? value.GetString() : null;
}

/// <summary>
/// A real HTTP server speaking the sidecar's output-binding contract (<c>POST /v1.0/bindings/{name}</c> with
/// <c>{"data", "metadata", "operation"}</c>; 200 with the binding's answer, 204 without): every request lands in
/// <see cref="Received"/>; a binding named in <see cref="Failing"/> answers 500 as a sidecar does when its component fails.
/// </summary>
internal sealed class DaprBindingSidecarStub : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<BindingRequest> _received = [];
    private WebApplication? _app;

    public int Port { get; } = WakeDock.Testing.FreePort.Next();

    public HashSet<string> Failing { get; } = [];

    public IReadOnlyList<BindingRequest> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1.0/bindings/{name}", async (string name, HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            lock (_lock)
            {
                _received.Add(new BindingRequest(name, request.Headers["dapr-api-token"].FirstOrDefault(), request.ContentType, document.RootElement.Clone()));
            }

            if (Failing.Contains(name))
            {
                return Results.Json(new { errorCode = "ERR_INVOKE_OUTPUT_BINDING", message = "error invoking output binding" }, statusCode: 500);
            }

            return Results.StatusCode((int)HttpStatusCode.NoContent);
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
