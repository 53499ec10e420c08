using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using WakeDock.ServiceDefaults.Tracing;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Tracing;

[Collection("Tracing")]
public sealed class OtlpExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAnEndpointTheRequestsSpanIsExportedOverOtlpHttp()
    {
        using var collector = new RecordingHttpListener();
        var trace = ActivityTraceId.CreateRandom();
        await using (var host = ObservedHost.Create(new Dictionary<string, string?>
        {
            [OtlpTracing.EndpointVariable] = collector.Url,
            [OtlpTracing.ProtocolVariable] = "http/protobuf",
            [OtlpTracing.ServiceNameVariable] = "wakedock-otlp-test",
        }))
        {
            using var client = host.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
            request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            Assert.True((await client.SendAsync(request, Ct)).IsSuccessStatusCode);
            Assert.True(host.Services.GetServices<IHostedService>().OfType<TraceExport>().Single().IsExporting);
        }

        // the host flushed its spans as it stopped
        var exports = collector.Received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(exports);
        Assert.All(exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
        var body = exports.SelectMany(e => e.Body).ToArray();
        Assert.True(Contains(body, trace.ToHexString().Chunk(2).Select(h => Convert.ToByte(new string(h), 16)).ToArray()), "the request's trace id is not in any export");
        Assert.True(Contains(body, Encoding.UTF8.GetBytes("wakedock-otlp-test")), "service.name is not in the export");
        Assert.True(Contains(body, Encoding.UTF8.GetBytes("GET /dapr/subscribe")), "the span is not named after its route");
    }

    [Fact]
    public async Task WithoutAnEndpointNothingIsExported()
    {
        await using var host = ObservedHost.Create();

        Assert.False(host.Services.GetServices<IHostedService>().OfType<TraceExport>().Single().IsExporting);
    }

    [Theory]
    [InlineData("http://collector:4318", null, "http/protobuf", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", null, "http/protobuf", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4317", null, "grpc", "http://collector:4317/")]
    [InlineData("http://collector:4318", "https://traces.example/otlp/v1/traces", "http/protobuf", "https://traces.example/otlp/v1/traces")]
    public void TheTracesEndpointFollowsTheOtlpSpecification(string endpoint, string? tracesEndpoint, string protocol, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [OtlpTracing.EndpointVariable] = endpoint,
            [OtlpTracing.TracesEndpointVariable] = tracesEndpoint,
        }).Build();

        var uri = OtlpTracing.TracesEndpoint(configuration, protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf);

        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Fact]
    public void AWrongProtocolOrEndpointIsRefusedNamingTheVariable()
    {
        static IConfiguration Of(string endpoint, string protocol) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [OtlpTracing.EndpointVariable] = endpoint,
            [OtlpTracing.ProtocolVariable] = protocol,
        }).Build();

        var protocol = Assert.Throws<InvalidOperationException>(() => OtlpTracing.Create(Of("http://c:4318", "http/json"), "x", ["s"]));
        var endpoint = Assert.Throws<InvalidOperationException>(() => OtlpTracing.Create(Of("collector:4318", "grpc"), "x", ["s"]));

        Assert.StartsWith("OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json'", protocol.Message, StringComparison.Ordinal);
        Assert.StartsWith("OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318'", endpoint.Message, StringComparison.Ordinal);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
