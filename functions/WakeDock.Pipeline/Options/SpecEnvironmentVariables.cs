using Microsoft.Extensions.Configuration.Memory;

namespace WakeDock.Pipeline.Options;

/// <summary>
/// The spec's <c>WAKEDOCK_*</c> variables, read as written and mapped onto the <c>WakeDock</c>
/// section. Added last, so a variable of the spec wins over appsettings and <c>WakeDock__…</c>.
/// </summary>
public static class SpecEnvironmentVariables
{
    public static IReadOnlyDictionary<string, string> Map { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["WAKEDOCK_METRICS_INTERVAL"] = "WakeDock:Collection:IntervalSeconds",
        ["WAKEDOCK_METRICS_RETENTION_DAYS"] = "WakeDock:Retention:MetricsDays",
        ["WAKEDOCK_ALERTS_RETENTION_DAYS"] = "WakeDock:Retention:AlertsDays",
        ["WAKEDOCK_METRICS_STORAGE_PATH"] = "WakeDock:Storage:Path",
        ["WAKEDOCK_STORAGE"] = "WakeDock:Storage:Kind",
        ["WAKEDOCK_CPU_WARNING_THRESHOLD"] = "WakeDock:Thresholds:CpuPercent:Warning",
        ["WAKEDOCK_CPU_CRITICAL_THRESHOLD"] = "WakeDock:Thresholds:CpuPercent:Critical",
        ["WAKEDOCK_MEMORY_WARNING_THRESHOLD"] = "WakeDock:Thresholds:MemoryPercent:Warning",
        ["WAKEDOCK_MEMORY_CRITICAL_THRESHOLD"] = "WakeDock:Thresholds:MemoryPercent:Critical",
        ["WAKEDOCK_NETWORK_RX_WARNING_THRESHOLD"] = "WakeDock:Thresholds:NetworkRx:Warning",
        ["WAKEDOCK_NETWORK_RX_CRITICAL_THRESHOLD"] = "WakeDock:Thresholds:NetworkRx:Critical",
        ["WAKEDOCK_NETWORK_TX_WARNING_THRESHOLD"] = "WakeDock:Thresholds:NetworkTx:Warning",
        ["WAKEDOCK_NETWORK_TX_CRITICAL_THRESHOLD"] = "WakeDock:Thresholds:NetworkTx:Critical",
        ["WAKEDOCK_WS_MAX_CLIENTS"] = "WakeDock:Streams:MaxClients",
        ["WAKEDOCK_WS_PING_INTERVAL"] = "WakeDock:Streams:PingIntervalSeconds",
        ["WAKEDOCK_WS_CLIENT_TIMEOUT"] = "WakeDock:Streams:ClientTimeoutSeconds",
        ["APP_API_TOKEN"] = "WakeDock:Ingest:AppApiToken",
        ["WAKEDOCK_EMBEDDED_AGENT"] = "WakeDock:EmbeddedAgent:Enabled",
        // the timer triggers' app settings (the Functions host reads them as %WAKEDOCK_…_SCHEDULE%)
        ["WAKEDOCK_ALERT_SWEEP_SCHEDULE"] = "WakeDock:Timers:Schedules:alert-sweep",
        ["WAKEDOCK_COMPACTION_SCHEDULE"] = "WakeDock:Timers:Schedules:compaction",
        ["WAKEDOCK_ROLLUP_SCHEDULE"] = "WakeDock:Timers:Schedules:rollup",
        ["WAKEDOCK_RETENTION_SCHEDULE"] = "WakeDock:Timers:Schedules:retention",
        ["WAKEDOCK_TOKEN_SIGNING_KEY"] = "WakeDock:Security:Tokens:SigningKey",
        ["WAKEDOCK_TOKEN_LIFETIME_MINUTES"] = "WakeDock:Security:Tokens:LifetimeMinutes",
        ["WAKEDOCK_AUDIT_ENABLED"] = "WakeDock:Security:Audit:Enabled",
        ["DAPR_HTTP_PORT"] = "WakeDock:Dapr:HttpPort",
        ["DAPR_GRPC_PORT"] = "WakeDock:Dapr:GrpcPort",
        ["DAPR_API_TOKEN"] = "WakeDock:Dapr:ApiToken",
    };

    /// <summary>Variables holding a comma-separated list, mapped onto the items of a list setting.</summary>
    public static IReadOnlyDictionary<string, string> ListMap { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["WAKEDOCK_CORS_ORIGINS"] = "WakeDock:Security:CorsOrigins",
    };

    /// <summary>Adds the variables found in <paramref name="environment"/> (the process environment by default).</summary>
    public static IConfigurationBuilder AddSpecEnvironmentVariables(this IConfigurationBuilder builder, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in Map)
        {
            var value = environment is null ? Environment.GetEnvironmentVariable(variable) : environment.GetValueOrDefault(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                values[key] = value.Trim();
            }
        }

        foreach (var (variable, key) in ListMap)
        {
            var value = environment is null ? Environment.GetEnvironmentVariable(variable) : environment.GetValueOrDefault(variable);
            var items = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = 0; i < items.Length; i++)
            {
                values[$"{key}:{i}"] = items[i];
            }
        }

        return builder.Add(new MemoryConfigurationSource { InitialData = values });
    }
}
