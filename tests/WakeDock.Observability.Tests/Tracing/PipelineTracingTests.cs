using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Observability;
using WakeDock.Observability.Tests.Support;

namespace WakeDock.Observability.Tests.Tracing;

[Collection("Tracing")]
public sealed class PipelineTracingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IngestContinuesTheTraceOfTheBatchAndNestsStoreAndBroadcast()
    {
        using var spans = new SpanRecorder(PipelineTracing.SourceName, ObservabilityExtensions.AspNetCoreSourceName);
        await using var host = ObservedHost.Create();
        using var client = host.CreateClient();
        var (trace, publish) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        var batch = Batches.Of("traced-1", [Batches.Sample("t1", DateTimeOffset.UtcNow, sequence: 1)], traceParent: $"00-{trace.ToHexString()}-{publish.ToHexString()}-01");

        await PostAsync(client, batch);

        var ingest = await spans.SingleAsync(s => s.TraceId == trace && s.OperationName == "ingest samples");
        var request = await spans.SingleAsync(s => s.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && s.DisplayName == "POST /ingest/samples"
            && ingest.Links.Any(l => l.Context.SpanId == s.SpanId));
        Assert.Equal(publish, ingest.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, ingest.Kind);
        Assert.Equal("traced-1", ingest.GetTagItem("messaging.message.id"));
        Assert.Equal(1, ingest.GetTagItem("wakedock.samples"));
        Assert.Equal("success", ingest.GetTagItem("wakedock.ingest.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, ingest.Status);
        Assert.NotEqual(trace, request.TraceId);
        var store = await spans.SingleAsync(s => s.ParentSpanId == ingest.SpanId && s.OperationName == "store");
        var broadcast = await spans.SingleAsync(s => s.ParentSpanId == ingest.SpanId && s.OperationName == "broadcast");
        Assert.Equal([broadcast, store], spans.InTrace(trace).Where(s => s.ParentSpanId == ingest.SpanId).OrderBy(s => s.OperationName));
    }

    [Fact]
    public async Task AnInProcessBatchWithoutTraceparentStartsATraceOfItsOwnAndARefusedOneIsAnError()
    {
        using var spans = new SpanRecorder(PipelineTracing.SourceName);
        await using var host = ObservedHost.Create();
        var ingest = host.Service<IBatchIngest>();

        var stored = await ingest.IngestAsync(Batches.Of("untraced", [Batches.Sample("u1", DateTimeOffset.UtcNow, sequence: 1)]), IngestOrigin.InProcess, Ct);
        var refused = await ingest.IngestAsync(Batches.Of("refused", [Batches.Sample("u2", DateTimeOffset.UtcNow.AddDays(1), sequence: 2)]), IngestOrigin.InProcess, Ct);

        var ok = spans.Spans.Single(s => s.OperationName == "ingest samples" && (string?)s.GetTagItem("messaging.message.id") == "untraced");
        var bad = spans.Spans.Single(s => s.OperationName == "ingest samples" && (string?)s.GetTagItem("messaging.message.id") == "refused");
        Assert.Equal(IngestStatus.Success, stored.Status);
        Assert.Equal(default, ok.ParentSpanId);
        Assert.Equal("in-process", ok.GetTagItem("wakedock.origin"));
        Assert.Equal(IngestStatus.Drop, refused.Status);
        Assert.Equal(ActivityStatusCode.Error, bad.Status);
        Assert.Equal("drop", bad.GetTagItem("wakedock.ingest.outcome"));
        Assert.Contains("ahead of the host's clock", bad.StatusDescription, StringComparison.Ordinal);
    }

    private static async Task PostAsync(HttpClient client, CloudEvent<SampleBatch> batch)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventTypes.MediaType);
        var response = await client.PostAsync("/ingest/samples", content, Ct);
        Assert.Contains("SUCCESS", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
