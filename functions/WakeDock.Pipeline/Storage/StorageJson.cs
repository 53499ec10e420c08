using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Tiers;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Pipeline.Storage;

/// <summary>The source-generated JSON of what the functions keep besides samples and alerts: indexes, tiers, dead letters, state, Dapr messages.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(SegmentIndexEntry))]
[JsonSerializable(typeof(RollupPoint))]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(LedgerSnapshot))]
[JsonSerializable(typeof(TimerRunLog.Document))]
[JsonSerializable(typeof(TierWatermark))]
[JsonSerializable(typeof(DaprStatusResponse))]
[JsonSerializable(typeof(TimerInvocationResponse))]
public sealed partial class StorageJsonContext : JsonSerializerContext
{
    private static StorageJsonContext? s_relaxed;

    /// <summary>UTF-8 kept as is, like the contracts' JSON (alert and dead-letter text is French).</summary>
    public static StorageJsonContext Relaxed => s_relaxed ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
