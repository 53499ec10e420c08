using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Logs;
using WakeDock.Functions.Health;
using WakeDock.Functions.Status;

namespace WakeDock.Functions.Api;

/// <summary>The API's request and response shapes, source-generated with the contracts' conventions: snake_case, enums as their spec strings, nulls omitted, UTC timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(MetricsQueryRequest))]
[JsonSerializable(typeof(ThresholdRequest))]
[JsonSerializable(typeof(MonitoringStatus))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(ContainerActionResponse))]
[JsonSerializable(typeof(ContainerActionsInfo))]
[JsonSerializable(typeof(ContainerList))]
[JsonSerializable(typeof(ContainerEntry))]
[JsonSerializable(typeof(HostList))]
[JsonSerializable(typeof(HostEntry))]
[JsonSerializable(typeof(IncidentList))]
[JsonSerializable(typeof(ContainerLogsResponse))]
[JsonSerializable(typeof(ContainerLogs))]
[JsonSerializable(typeof(StatisticsResponse))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(LivenessStatus))]
[JsonSerializable(typeof(IReadOnlyList<ContainerSample>))]
[JsonSerializable(typeof(IReadOnlyList<Alert>))]
[JsonSerializable(typeof(IReadOnlyList<Threshold>))]
[JsonSerializable(typeof(Threshold))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The host's minimal-API JSON options follow the same conventions, so that every typed result is written as the
    /// spec writes it and the OpenAPI document describes it so; types of neither context still serialize by reflection.
    /// </summary>
    public static void Configure(JsonOptions options)
    {
        var json = options.SerializerOptions;
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        json.Converters.Add(new UtcTimestampConverter());
        json.Converters.Add(new JsonStringEnumConverter());
        json.TypeInfoResolverChain.Insert(0, Default);
        json.TypeInfoResolverChain.Insert(1, WakeDockJsonContext.Default);
    }
}
