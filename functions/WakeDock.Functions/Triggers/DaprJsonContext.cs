using System.Text.Json;
using System.Text.Json.Serialization;
using Dapr.AspNetCore;

namespace WakeDock.Functions.Triggers;

/// <summary>Dapr.AspNetCore's bulk delivery and its answer, as Dapr spells them (camelCase), source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BulkSubscribeMessage<JsonElement>))]
[JsonSerializable(typeof(BulkSubscribeAppResponse))]
public sealed partial class DaprJsonContext : JsonSerializerContext;
