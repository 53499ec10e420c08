using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.ScaleOut;

/// <summary>The source-generated JSON of the partition records.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(PartitionRecord))]
public sealed partial class ScaleOutJsonContext : JsonSerializerContext;
