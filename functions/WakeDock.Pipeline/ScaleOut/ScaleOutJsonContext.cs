using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>The source-generated JSON of the partition records and the host readings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(PartitionRecord))]
[JsonSerializable(typeof(HostReading))]
public sealed partial class ScaleOutJsonContext : JsonSerializerContext;
