using System.Text.Json;
using System.Text.Json.Nodes;

namespace WakeDock.Contracts.Tests;

public sealed class CloudEventTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 16, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void ABatchIsACloudEventWithTheSpecAttributeNames()
    {
        var batch = new CloudEvent<SampleBatch>
        {
            Id = "b-42",
            Source = CloudEventTypes.AgentSource("host-1"),
            Type = CloudEventTypes.SampleBatch,
            Time = At,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            Data = new SampleBatch
            {
                Host = "host-1",
                FirstSequence = 7,
                LastSequence = 8,
                IntervalSeconds = 5,
                Samples =
                [
                    new ContainerSample { ContainerId = "abc", Timestamp = At, CpuPercent = 1.5, Host = "host-1", Sequence = 7 },
                    new ContainerSample { ContainerId = "def", Timestamp = At, CpuPercent = 2.5, Host = "host-1", Sequence = 8 },
                ],
                Events = [new ContainerEvent { ContainerId = "ghi", Action = "die", ExitCode = 137, Timestamp = At }],
            },
        };

        var node = JsonNode.Parse(JsonSerializer.Serialize(batch, WakeDockJson.Context.CloudEventSampleBatch))!.AsObject();

        Assert.Equal("1.0", node["specversion"]!.GetValue<string>());
        Assert.Equal("b-42", node["id"]!.GetValue<string>());
        Assert.Equal("wakedock://agent/host-1", node["source"]!.GetValue<string>());
        Assert.Equal("io.wakedock.samples.batch.v1", node["type"]!.GetValue<string>());
        Assert.Equal("application/json", node["datacontenttype"]!.GetValue<string>());
        Assert.Equal("2025-01-16T10:30:00Z", node["time"]!.GetValue<string>());
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", node["traceparent"]!.GetValue<string>());
        Assert.Equal(7, node["data"]!["first_sequence"]!.GetValue<long>());
        Assert.Equal(137, node["data"]!["events"]![0]!["exit_code"]!.GetValue<int>());
        Assert.False(node.ContainsKey("topic"), "unset Dapr attributes are omitted");

        var back = JsonSerializer.Deserialize(node.ToJsonString(), WakeDockJson.Context.CloudEventSampleBatch)!;
        Assert.Equal(batch.Data.Samples, back.Data!.Samples);
        Assert.Equal(batch.Data.Events, back.Data.Events);
        Assert.Equal(batch with { Data = null }, back with { Data = null });
    }

    [Fact]
    public void ADaprDeliveryWithItsOwnAttributesReads()
    {
        // The shape daprd POSTs to a subscriber route (docs.dapr.io, pub/sub, CloudEvents).
        const string delivered = """
            {"specversion":"1.0","type":"io.wakedock.samples.batch.v1","source":"wakedock://agent/h","id":"5929aaac-a5e2-4ca1-859c-edfe73f11565",
             "datacontenttype":"application/json","topic":"samples","pubsubname":"wakedock-pubsub","traceid":"00-x-y-01",
             "traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","tracestate":"",
             "data":{"host":"h","first_sequence":1,"last_sequence":0,"interval_seconds":5,"samples":[],"events":[]}}
            """;

        var cloudEvent = JsonSerializer.Deserialize(delivered, WakeDockJson.Context.CloudEventSampleBatch)!;

        Assert.Equal("samples", cloudEvent.Topic);
        Assert.Equal(PipelineNames.PubSub, cloudEvent.PubsubName);
        Assert.Equal("h", cloudEvent.Data!.Host);
        Assert.Empty(cloudEvent.Data.Samples);
    }

    [Fact]
    public void AnAgentSourceEscapesTheHostName()
        => Assert.Equal("wakedock://agent/rack%201%2Fnode", CloudEventTypes.AgentSource("rack 1/node"));
}
