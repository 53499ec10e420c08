using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Tiers;

/// <summary>The source-generated JSON of the rollup tiers: points and the watermark.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(RollupPoint))]
[JsonSerializable(typeof(TierWatermark))]
public sealed partial class TierJsonContext : JsonSerializerContext
{
    private static TierJsonContext? s_relaxed;

    /// <summary>UTF-8 kept as is, like the contracts' JSON (service names as written).</summary>
    public static TierJsonContext Relaxed => s_relaxed ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
