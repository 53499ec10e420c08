using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Diagnostics;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Spool;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Tracing;

[Collection("Tracing")]
public sealed class PublishTracingTests
{
    [Fact]
    public async Task TheBatchCarriesItsPublishSpanAndARetryIsAChildOfTheAttemptBefore()
    {
        using var spans = new SpanRecorder(AgentTracing.SourceName);
        var folder = Directory.CreateTempSubdirectory("wakedock-publish-").FullName;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new AgentMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var publisher = new FlakyPublisher(failures: 1);
        var outbox = new BatchOutbox();
        var options = Options.Create(new AgentOptions { Spool = new SpoolOptions { InitialBackoffSeconds = 0.05, MaxBackoffSeconds = 0.1 } });
        using var pump = new DeliveryPump(outbox, new BatchSpool(Path.Combine(folder, "spool"), 1 << 20, metrics, NullLogger<BatchSpool>.Instance),
            publisher, options, TimeProvider.System, metrics, NullLogger<DeliveryPump>.Instance);

        Activity collect;
        CloudEvent<SampleBatch> batch;
        using (collect = AgentTracing.StartCollect()!)
        {
            batch = Batches.Of("published-1", [Batches.Sample("p1", DateTimeOffset.UtcNow, sequence: 1)], traceParent: collect.Id);
        }

        try
        {
            await pump.StartAsync(TestContext.Current.CancellationToken);
            await outbox.WriteAsync(batch, TestContext.Current.CancellationToken);
            await Eventually.TrueAsync(() => publisher.Attempts.Count >= 2, "two publish attempts", seconds: 20);

            await pump.StopAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var attempts = publisher.Attempts;
        var published = spans.InTrace(collect.TraceId).Where(s => s.OperationName == "publish samples").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(2, published.Count);
        Assert.Equal(collect.SpanId, published[0].ParentSpanId);
        Assert.Equal(published[0].SpanId, published[1].ParentSpanId);
        Assert.Equal(ActivityKind.Producer, published[0].Kind);
        Assert.Equal(ActivityStatusCode.Error, published[0].Status);
        Assert.Equal("retry", published[0].GetTagItem("wakedock.publish.outcome"));
        Assert.Equal("accepted", published[1].GetTagItem("wakedock.publish.outcome"));
        Assert.Equal("published-1", published[1].GetTagItem("messaging.message.id"));
        for (var i = 0; i < 2; i++)
        {
            // the object handed over and the JSON sent carry the attempt's own span as traceparent
            Assert.Equal(published[i].Id, attempts[i].Batch.TraceParent);
            Assert.Equal(published[i].Id, JsonDocument.Parse(attempts[i].Json).RootElement.GetProperty("traceparent").GetString());
        }
    }

    private sealed class FlakyPublisher(int failures) : IBatchPublisher
    {
        private readonly List<(CloudEvent<SampleBatch> Batch, byte[] Json)> _attempts = [];

        public string Target => "http";

        public IReadOnlyList<(CloudEvent<SampleBatch> Batch, byte[] Json)> Attempts
        {
            get
            {
                lock (_attempts)
                {
                    return [.. _attempts];
                }
            }
        }

        public Task<BatchAcceptance> PublishAsync(CloudEvent<SampleBatch> batch, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
        {
            lock (_attempts)
            {
                _attempts.Add((batch, json.ToArray()));
                return Task.FromResult(_attempts.Count <= failures ? BatchAcceptance.Retry : BatchAcceptance.Accepted);
            }
        }
    }
}
