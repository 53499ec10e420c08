using System.Text.Json.Serialization;
using WakeDock.EdgeAgent.Control;
using WakeDock.EdgeAgent.Logs;

namespace WakeDock.EdgeAgent.Hosting;

/// <summary>A Dapr programmatic subscription, as <c>GET /dapr/subscribe</c> lists them.</summary>
public sealed record DaprSubscription(
    [property: JsonPropertyName("pubsubname")] string PubsubName,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("route")] string Route);

/// <summary>The subscriber's answer to a delivery: SUCCESS, RETRY or DROP.</summary>
public sealed record DaprDeliveryStatus(string Status);

/// <summary>The health answer; <see cref="StatsSource"/> is <c>cgroup-v1</c>, <c>cgroup-v2</c> or <c>engine</c>.</summary>
public sealed record AgentHealth(string Status, AgentState Agent, string? DockerApiVersion, string? StatsSource = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Contracts.UtcTimestampConverter)])]
[JsonSerializable(typeof(AgentState))]
[JsonSerializable(typeof(AgentHealth))]
[JsonSerializable(typeof(ContainerLogs))]
[JsonSerializable(typeof(List<DaprSubscription>))]
[JsonSerializable(typeof(DaprDeliveryStatus))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
