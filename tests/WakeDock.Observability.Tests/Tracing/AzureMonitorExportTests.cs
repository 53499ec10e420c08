using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WakeDock.Functions.Observability;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Tracing;

[Collection("Tracing")]
public sealed class AzureMonitorExportTests
{
    private const string InstrumentationKey = "5f0a0b4e-7c1d-4f5e-9a51-2d5c3b0f9e11";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAConnectionStringRequestsAndOutgoingCallsArriveAsApplicationInsightsTelemetry()
    {
        using var ingestion = new IngestionEndpoint();
        var trace = ActivityTraceId.CreateRandom();
        var outgoing = ActivityTraceId.CreateRandom();
        await using (var host = new ObservedHost(new Dictionary<string, string?>
        {
            [AzureMonitorExport.ConnectionStringVariable] = $"InstrumentationKey={InstrumentationKey};IngestionEndpoint={ingestion.Url}/",
            ["OTEL_SERVICE_NAME"] = "wakedock-appinsights-test",
            // other tests' hosts in this process make requests too: the default 5 traces a second could leave this one out
            [$"{AzureMonitorExport.Section}:TracesPerSecond"] = "1000",
        }))
        {
            using var client = host.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
            request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            Assert.True((await client.SendAsync(request, Ct)).IsSuccessStatusCode);

            // an outgoing call of the host's process, under a sampled parent of the test's own trace
            using (var parent = new Activity("test").SetParentId(outgoing, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
            {
                using var http = host.Service<IHttpClientFactory>().CreateClient();
                Assert.Equal(HttpStatusCode.NoContent, (await http.GetAsync($"{ingestion.Url}/probe", Ct)).StatusCode);
            }

            Assert.Single(host.Services.GetServices<IHostedService>().OfType<AzureMonitorExport>());
        }

        // the host flushed its telemetry as it stopped
        var items = ingestion.Items();
        var requestItem = Assert.Single(items, i => Of(i, "RequestData") && Operation(i) == trace.ToHexString());
        var dependency = Assert.Single(items, i => Of(i, "RemoteDependencyData") && Operation(i) == outgoing.ToHexString());

        Assert.Equal(InstrumentationKey, requestItem.GetProperty("iKey").GetString());
        Assert.Equal("wakedock-appinsights-test", requestItem.GetProperty("tags").GetProperty("ai.cloud.role").GetString());
        var requestData = requestItem.GetProperty("data").GetProperty("baseData");
        Assert.Equal("200", requestData.GetProperty("responseCode").GetString());
        Assert.Contains("/dapr/subscribe", requestData.GetProperty("name").GetString(), StringComparison.Ordinal);
        var dependencyData = dependency.GetProperty("data").GetProperty("baseData");
        Assert.Equal("204", dependencyData.GetProperty("resultCode").GetString());
        Assert.Equal(new Uri(ingestion.Url).Authority, dependencyData.GetProperty("target").GetString());
    }

    [Fact]
    public async Task WithoutAConnectionStringNothingIsSentToAzureMonitor()
    {
        await using var host = new ObservedHost();

        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<AzureMonitorExport>());
    }

    private static bool Of(JsonElement item, string baseType)
        => item.TryGetProperty("data", out var data) && data.TryGetProperty("baseType", out var type) && type.GetString() == baseType;

    private static string? Operation(JsonElement item)
        => item.TryGetProperty("tags", out var tags) && tags.TryGetProperty("ai.operation.id", out var id) ? id.GetString() : null;

    /// <summary>
    /// Application Insights' ingestion endpoint as the exporter speaks to it: <c>POST /v2.1/track</c>, one JSON telemetry item a
    /// line (gzip'd when the request says so), answered with the track response; <c>/probe</c> answers 204 to outgoing calls.
    /// </summary>
    private sealed class IngestionEndpoint : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<JsonElement> _items = [];

        public IngestionEndpoint()
        {
            Url = $"http://127.0.0.1:{FreePort.Next()}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public IReadOnlyList<JsonElement> Items()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                if (context.Request.Url!.AbsolutePath != "/v2.1/track")
                {
                    context.Response.StatusCode = 204;
                    context.Response.Close();
                    continue;
                }

                var lines = await ReadLinesAsync(context.Request);
                lock (_items)
                {
                    _items.AddRange(lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()));
                }

                var answer = Encoding.UTF8.GetBytes($"{{\"itemsReceived\":{lines.Count},\"itemsAccepted\":{lines.Count},\"errors\":[]}}");
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        }

        private static async Task<List<string>> ReadLinesAsync(HttpListenerRequest request)
        {
            Stream body = request.InputStream;
            if (string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            using var reader = new StreamReader(body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
    }
}
