using System.Diagnostics;
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
    private const string TrackPath = "/v2.1/track";
    private const string InstrumentationKey = "5f0a0b4e-7c1d-4f5e-9a51-2d5c3b0f9e11";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAConnectionStringRequestsAndOutgoingCallsArriveAsApplicationInsightsTelemetry()
    {
        using var ingestion = new RecordingHttpListener(Track);
        var trace = ActivityTraceId.CreateRandom();
        var outgoing = ActivityTraceId.CreateRandom();
        await using (var host = ObservedHost.Create(new Dictionary<string, string?>
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
        var items = Items(ingestion);
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
        await using var host = ObservedHost.Create();

        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<AzureMonitorExport>());
    }

    private static bool Of(JsonElement item, string baseType)
        => item.TryGetProperty("data", out var data) && data.TryGetProperty("baseType", out var type) && type.GetString() == baseType;

    private static string? Operation(JsonElement item)
        => item.TryGetProperty("tags", out var tags) && tags.TryGetProperty("ai.operation.id", out var id) ? id.GetString() : null;

    /// <summary>
    /// Application Insights' ingestion endpoint as the exporter speaks to it: <c>POST /v2.1/track</c>, one JSON telemetry item a
    /// line, answered with the track response; <c>/probe</c> answers 204 to outgoing calls.
    /// </summary>
    private static RecordedAnswer Track(RecordedRequest request)
    {
        if (request.Path != TrackPath)
        {
            return new RecordedAnswer(204);
        }

        var count = Lines(request).Count;
        return new RecordedAnswer(200, "application/json", Encoding.UTF8.GetBytes($"{{\"itemsReceived\":{count},\"itemsAccepted\":{count},\"errors\":[]}}"));
    }

    private static List<JsonElement> Items(RecordingHttpListener ingestion)
        => [.. ingestion.Received.Where(r => r.Path == TrackPath).SelectMany(Lines).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static List<string> Lines(RecordedRequest request)
        => [.. request.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
