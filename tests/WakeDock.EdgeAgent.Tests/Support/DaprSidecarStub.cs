using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>One publish request as the sidecar received it.</summary>
internal sealed record PublishRequest(string Path, string? ContentType, string? ApiToken, byte[] Body, string? PartitionKey = null);

/// <summary>
/// A real HTTP server speaking the sidecar's publish contract (<c>POST /v1.0/publish/{pubsub}/{topic}</c>,
/// 204 when taken): what an agent publishes lands in <see cref="Received"/>, across stops and restarts
/// on the same port, which is how a test makes the sidecar go away and come back.
/// </summary>
internal sealed class DaprSidecarStub : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<PublishRequest> _received = [];
    private WebApplication? _app;

    public int Port { get; } = WakeDock.Testing.FreePort.Next();

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
