using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class BatchFactoryTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly BatchFactory _factory;

    public BatchFactoryTests() => _factory = new BatchFactory(Options.Create(new AgentOptions { HostName = "edge 1", IntervalSeconds = 5 }), new SequenceAllocator(null), _clock);

    [Fact]
    public void ABatchIsACloudEventFromTheAgentWithNumberedSamples()
    {
        var batch = _factory.Create([Sample("a"), Sample("b")], []);

        Assert.Equal("1.0", batch.SpecVersion);
        Assert.Equal("wakedock://agent/edge%201", batch.Source);
        Assert.Equal(CloudEventTypes.SampleBatch, batch.Type);
        Assert.Equal(_clock.GetUtcNow(), batch.Time);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", batch.TraceParent);
        Assert.Equal((1, 2), (batch.Data!.FirstSequence, batch.Data.LastSequence));
        Assert.Equal([1L, 2L], batch.Data.Samples.Select(s => s.Sequence));
        Assert.Equal(5, batch.Data.IntervalSeconds);
    }

    [Fact]
    public void IdsAreUniqueAndSequencesContinueAcrossBatches()
    {
        var first = _factory.Create([Sample("a")], []);
        var second = _factory.Create([Sample("a"), Sample("b")], []);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, second.Data!.FirstSequence);
        Assert.Equal(3, second.Data.LastSequence);
    }

    [Fact]
    public void ABatchWithOnlyEventsHasAnEmptySequenceRange()
    {
        var batch = _factory.Create([], [new ContainerEvent { ContainerId = "x", Action = "die", ExitCode = 1, Timestamp = _clock.GetUtcNow() }]);

        Assert.True(batch.Data!.FirstSequence > batch.Data.LastSequence);
        Assert.Single(batch.Data.Events);
    }

    [Fact]
    public void OnTheWireItIsSnakeCaseCloudEventJson()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(_factory.Create([Sample("a")], []), WakeDockJson.Context.CloudEventSampleBatch))!;

        Assert.Equal("1.0", json["specversion"]!.GetValue<string>());
        Assert.Equal("application/json", json["datacontenttype"]!.GetValue<string>());
        Assert.Equal("2026-05-01T10:00:00Z", json["time"]!.GetValue<string>());
        Assert.Equal(1, json["data"]!["samples"]![0]!["sequence"]!.GetValue<long>());
        Assert.Equal("a", json["data"]!["samples"]![0]!["container_id"]!.GetValue<string>());
    }

    private ContainerSample Sample(string id) => new() { ContainerId = id, Timestamp = _clock.GetUtcNow() };
}
