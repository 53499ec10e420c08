using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Functions.Status;

/// <summary>The status as the live streams send it (<c>system_status</c>), with the API's conventions.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(MonitoringStatus))]
public sealed partial class StatusJsonContext : JsonSerializerContext;
