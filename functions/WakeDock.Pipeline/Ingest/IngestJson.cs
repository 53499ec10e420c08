using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Ingest;

/// <summary>The source-generated JSON of the ingest's own files: dead letters and the dedupe ledger's checkpoint.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(LedgerSnapshot))]
public sealed partial class IngestJsonContext : JsonSerializerContext
{
    private static IngestJsonContext? s_relaxed;

    /// <summary>UTF-8 kept as is, like the contracts' JSON (dead-letter reasons are French).</summary>
    public static IngestJsonContext Relaxed => s_relaxed ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
