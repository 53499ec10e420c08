using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Storage;

/// <summary>The source-generated JSON of the segments' indexes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(SegmentIndexEntry))]
public sealed partial class StorageJsonContext : JsonSerializerContext;
