using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Triggers;

/// <summary>The source-generated JSON of the timers' run log and the answers to Dapr's deliveries.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(TimerRunLog.Document))]
[JsonSerializable(typeof(DaprStatusResponse))]
[JsonSerializable(typeof(TimerInvocationResponse))]
public sealed partial class TriggerJsonContext : JsonSerializerContext;
