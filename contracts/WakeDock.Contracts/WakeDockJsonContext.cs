using System.Text.Json.Serialization;

namespace WakeDock.Contracts;

/// <summary>
/// The source-generated System.Text.Json context for every wire and disk type: snake_case names,
/// enums as their spec strings, nulls omitted, UTC timestamps with a <c>Z</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ContainerSample))]
[JsonSerializable(typeof(List<ContainerSample>))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(List<Alert>))]
[JsonSerializable(typeof(Threshold))]
[JsonSerializable(typeof(List<Threshold>))]
[JsonSerializable(typeof(ContainerEvent))]
[JsonSerializable(typeof(SampleBatch))]
[JsonSerializable(typeof(CloudEvent<SampleBatch>))]
[JsonSerializable(typeof(AgentCommand))]
[JsonSerializable(typeof(CloudEvent<AgentCommand>))]
[JsonSerializable(typeof(BatchClaimCheck))]
public sealed partial class WakeDockJsonContext : JsonSerializerContext;
