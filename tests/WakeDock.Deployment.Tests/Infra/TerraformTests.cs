using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WakeDock.Contracts;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Options;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Infra;

/// <summary>infra/terraform, parsed by HCL's own parser (hcl2json), against the code's names, settings and defaults.</summary>
public sealed partial class TerraformTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<JsonObject> TerraformAsync() => Hcl2Json.ConvertAsync(RepoFiles.PathOf("infra/terraform"), Ct);

    [Fact]
    public async Task TheNamesSharedWithTheCodeAreThoseOfPipelineNamesAndTheTriggerTable()
        => Assert.Empty(TerraformCheck.Names(await TerraformAsync()));

    [Fact]
    public async Task EveryResourceTypeAttributeAndBlockIsOneOfTheAzurermProvidersSchema()
        => Assert.Empty(AzurermAttributes.Unknown(await TerraformAsync()));

    [Fact]
    public async Task AMisspelledAttributeOrAnUnknownResourceTypeIsReported()
    {
        var copy = TempFolder.Create("terraform");
        try
        {
            foreach (var file in Directory.GetFiles(RepoFiles.PathOf("infra/terraform"), "*.tf"))
            {
                File.WriteAllText(Path.Combine(copy, Path.GetFileName(file)), File.ReadAllText(file)
                    .Replace("queue_length = 100", "queue_size = 100", StringComparison.Ordinal)
                    .Replace("resource \"azurerm_storage_queue\"", "resource \"azurerm_storage_queues\"", StringComparison.Ordinal));
            }

            var problems = AzurermAttributes.Unknown(await Hcl2Json.ConvertAsync(copy, Ct));

            Assert.Contains("azurerm_container_app.functions.template.azure_queue_scale_rule: queue_size is no attribute or block the provider knows", problems);
            Assert.Contains(problems, p => p.StartsWith("azurerm_storage_queues is no resource type of @cdktf/provider-azurerm@14.23.1", StringComparison.Ordinal));
        }
        finally
        {
            TempFolder.Delete(copy);
        }
    }

    [Fact]
    public async Task TheStorageAccountHasTheFunctionsQueuesAndTheirPoisonQueues()
    {
        var terraform = await TerraformAsync();

        var queues = terraform.Block("resource", "azurerm_storage_queue", "functions");
        Assert.Equal("${toset(local.storage_queues)}", queues.Text("for_each"));
        Assert.Equal(
            ["${local.samples_queue}", "${local.samples_queue}-poison", "${local.notifications_queue}", "${local.notifications_queue}-poison"],
            terraform.Locals()["storage_queues"]!.AsArray().Select(q => q!.ToString()));
    }

    [Fact]
    public async Task ADriftedPubSubNameOrScheduleIsReported()
    {
        var copy = TempFolder.Create("terraform");
        try
        {
            foreach (var file in Directory.GetFiles(RepoFiles.PathOf("infra/terraform"), "*.tf"))
            {
                File.WriteAllText(Path.Combine(copy, Path.GetFileName(file)), File.ReadAllText(file)
                    .Replace("\"wakedock-pubsub\"", "\"wakedock-bus\"", StringComparison.Ordinal)
                    .Replace("\"0 */5 * * * *\"", "\"0 */10 * * * *\"", StringComparison.Ordinal));
            }

            var problems = TerraformCheck.Names(await Hcl2Json.ConvertAsync(copy, Ct));

            Assert.Contains("local.pubsub_name is 'wakedock-bus', the code says 'wakedock-pubsub'", problems);
            Assert.Contains("local.timer_schedules[WAKEDOCK_ROLLUP_SCHEDULE] is '0 */10 * * * *', the trigger table says '0 */5 * * * *'", problems);
        }
        finally
        {
            TempFolder.Delete(copy);
        }
    }

    [Fact]
    public async Task TheContainerAppsEnvironmentHasTheServiceBusPubSubOfTheFunctionsAppAndNoCronBindings()
    {
        var terraform = await TerraformAsync();

        var pubsub = terraform.Block("resource", "azurerm_container_app_environment_dapr_component", "pubsub");
        Assert.Equal("${local.pubsub_name}", pubsub.Text("name"));
        Assert.Equal("pubsub.azure.servicebus.topics", pubsub.Text("component_type"));
        Assert.Equal(["${local.functions_app_id}"], pubsub["scopes"]!.AsArray().Select(s => s!.ToString()));
        var connection = pubsub["metadata"]!.AsArray().Single(m => m!.Text("name") == "connectionString")!;
        Assert.Contains(pubsub["secret"]!.AsArray(), s => s!.Text("name") == connection.Text("secret_name"));

        // The Functions host fires the timer triggers itself: a cron binding would POST to a route the app has not.
        Assert.Single(terraform["resource"]!["azurerm_container_app_environment_dapr_component"]!.AsObject());

        Assert.Equal("${local.samples_topic}", terraform.Block("resource", "azurerm_servicebus_topic", "samples").Text("name"));
        Assert.Equal("${local.samples_deadletter}", terraform.Block("resource", "azurerm_servicebus_topic", "samples_deadletter").Text("name"));
        Assert.Equal("${local.control_topic}", terraform.Block("resource", "azurerm_servicebus_topic", "control").Text("name"));
        Assert.Equal("${local.functions_app_id}", terraform.Block("resource", "azurerm_servicebus_subscription", "functions").Text("name"));
        Assert.Contains(terraform.Block("variable", "servicebus_sku")["validation"]!.AsArray(), v => v!.Text("condition")!.Contains("\"Standard\""));
    }

    [Fact]
    public async Task TheFunctionsAppRunsItsDaprSidecarScalesFromZeroToOneAndGetsEverySettingTheFunctionsHostNeedsAndNoOther()
    {
        var terraform = await TerraformAsync();
        var app = terraform.Block("resource", "azurerm_container_app", "functions");

        var dapr = app.Block("dapr");
        Assert.Equal("${local.functions_app_id}", dapr.Text("app_id"));
        Assert.Equal("${local.functions_port}", dapr.Text("app_port"));
        Assert.Equal("${local.functions_port}", app.Block("ingress").Text("target_port"));

        var template = app.Block("template");
        Assert.Equal("${var.min_replicas}", template.Text("min_replicas"));
        Assert.Equal("0", terraform.Block("variable", "min_replicas").Text("default"));
        Assert.Equal("${var.max_replicas}", template.Text("max_replicas"));
        Assert.Equal("10", terraform.Block("variable", "max_replicas").Text("default"));
        var queue = template.Block("azure_queue_scale_rule");
        Assert.Equal("${local.samples_queue}", queue.Text("queue_name"));
        Assert.Equal("storage-connection-string", queue.Block("authentication").Text("secret_name"));
        var backlog = template.Block("custom_scale_rule");
        Assert.Equal("azure-servicebus", backlog.Text("custom_rule_type"));
        Assert.Equal("${local.samples_topic}", backlog["metadata"]!.Text("topicName"));
        Assert.NotNull(template["http_scale_rule"]);

        var host = template["container"]!.AsArray().Single(c => c!.Text("name") == "functions")!.AsObject();
        Assert.Equal("${var.functions_image}", host.Text("image"));
        Assert.Equal("/health", host.Block("liveness_probe").Text("path"));

        var locals = terraform.Locals();
        var plain = locals["functions_environment"]!.AsObject();
        var secrets = locals["functions_secret_settings"]!.AsObject();
        Assert.All(plain.Select(p => p.Key).Concat(secrets.Select(s => s.Key)), name => Assert.Null(SettingNames.Problem(name)));
        Assert.Equal("false", plain.Text("WAKEDOCK_EMBEDDED_AGENT"));
        Assert.Equal("blob", plain.Text("WAKEDOCK_STORAGE"));
        Assert.Equal("dotnet-isolated", plain.Text(FunctionsAppSettings.WorkerRuntime));
        Assert.Equal("~4", plain.Text(FunctionsAppSettings.ExtensionVersion));
        Assert.Equal("${local.samples_queue}", plain.Text(PipelineNames.SamplesQueueSetting));
        Assert.Equal("${local.notifications_queue}", plain.Text(PipelineNames.NotificationsQueueSetting));
        Assert.Equal("${merge(local.functions_environment, local.timer_schedules, local.api_key_settings)}", locals.Text("functions_settings"));
        var timers = locals["timer_schedules"]!.AsObject().Select(t => t.Key);
        Assert.Empty(FunctionsAppSettings.Missing(plain.Select(p => p.Key).Concat(secrets.Select(s => s.Key)).Concat(timers)));
        Assert.All(timers, name => Assert.Null(SettingNames.Problem(name)));
        Assert.Equal("storage-connection-string", secrets.Text(FunctionsAppSettings.Storage));
        Assert.Equal("appinsights-connection-string", secrets.Text("APPLICATIONINSIGHTS_CONNECTION_STRING"));
        Assert.False(plain.ContainsKey("WakeDock__Storage__Blob__Endpoint"), "the data is in AzureWebJobsStorage's account");
        Assert.Equal("http://0.0.0.0:${local.functions_port}", plain.Text("ASPNETCORE_URLS"));
        // Container Apps injects APP_API_TOKEN itself and its sidecar sends it: setting one would lock Dapr out.
        Assert.False(plain.ContainsKey("APP_API_TOKEN") || secrets.ContainsKey("APP_API_TOKEN"));

        var appSecrets = app["secret"]!.AsArray().Select(s => s!.Text("name")).ToHashSet();
        Assert.All(secrets.Select(s => s.Value!.ToString()), secret => Assert.Contains(secret, appSecrets));
    }

    [Fact]
    public async Task TheLifecycleRuleDeletesADayAfterTheHostsOwnRetentionWhoseDefaultsAreTheHosts()
    {
        var terraform = await TerraformAsync();
        var defaults = new RetentionOptions();

        Assert.Equal(defaults.MetricsDays.ToString(), terraform.Block("variable", "metrics_retention_days").Text("default"));
        Assert.Equal(defaults.AlertsDays.ToString(), terraform.Block("variable", "alerts_retention_days").Text("default"));
        var tiers = terraform.Block("variable", "tier_retention_days")["default"]!;
        Assert.Equal(defaults.MinuteTierDays.ToString(), tiers.Text("minute"));
        Assert.Equal(defaults.QuarterTierDays.ToString(), tiers.Text("quarter"));
        Assert.Equal(defaults.HourTierDays.ToString(), tiers.Text("hour"));
        Assert.Equal(defaults.DeadLetterDays.ToString(), tiers.Text("dead_letter"));

        var rules = terraform.Block("resource", "azurerm_storage_management_policy", "retention")["rule"]!.AsArray()
            .ToDictionary(r => r!.Text("name")!, r => r!);
        void Rule(string name, string prefix, string days)
        {
            var rule = rules[name];
            Assert.Contains($"${{local.blob_container}}/{prefix}", rule.AsObject().Block("filters")["prefix_match"]!.AsArray().Select(p => p!.ToString()));
            Assert.Equal($"${{{days} + 1}}", rule.AsObject().Block("actions").Block("base_blob").Text("delete_after_days_since_modification_greater_than"));
        }

        Rule("raw-samples", "metrics_", "var.metrics_retention_days");
        Rule("alerts", "alerts_", "var.alerts_retention_days");
        Rule("minute-tier", "rollups/metrics_1m_", "var.tier_retention_days.minute");
        Rule("quarter-tier", "rollups/metrics_15m_", "var.tier_retention_days.quarter");
        Rule("hour-tier", "rollups/metrics_1h_", "var.tier_retention_days.hour");
        Rule("dead-letters", "deadletter/", "var.tier_retention_days.dead_letter");

        var environment = terraform.Locals()["functions_environment"]!;
        Assert.Equal("${tostring(var.metrics_retention_days)}", environment.Text("WAKEDOCK_METRICS_RETENTION_DAYS"));
        Assert.Equal("${tostring(var.alerts_retention_days)}", environment.Text("WAKEDOCK_ALERTS_RETENTION_DAYS"));
        Assert.Equal("${tostring(var.tier_retention_days.minute)}", environment.Text("WakeDock__Retention__MinuteTierDays"));
    }

    [Fact]
    public async Task SignalRIsServerlessAndTheDashboardAndTelemetryHaveTheirResources()
    {
        var terraform = await TerraformAsync();

        Assert.Equal("Serverless", terraform.Block("resource", "azurerm_signalr_service", "live").Text("service_mode"));
        terraform.Block("resource", "azurerm_static_web_app", "dashboard");
        Assert.Equal("${azurerm_log_analytics_workspace.logs.id}", terraform.Block("resource", "azurerm_application_insights", "traces").Text("workspace_id"));
        Assert.Equal("${azurerm_application_insights.traces.connection_string}",
            terraform.Block("resource", "azurerm_container_app_environment", "main").Text("dapr_application_insights_connection_string"));
    }

    [Fact]
    public async Task OnlyTheAppsOwnExporterSendsItsSpansToApplicationInsights()
    {
        var terraform = await TerraformAsync();
        var locals = terraform.Locals();
        var containers = terraform.Block("resource", "azurerm_container_app", "functions").Block("template")["container"]!.AsArray();

        // the one path: Azure.Monitor.OpenTelemetry.Exporter in the app, on the connection string's secret
        Assert.Equal("appinsights-connection-string", locals["functions_secret_settings"]!.Text(AzureMonitorExport.ConnectionStringVariable));
        // no second one: no OTLP export out of the app, no collector beside it, no azuremonitor exporter anywhere
        Assert.False(locals["functions_environment"]!.AsObject().ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal(["functions"], containers.Select(c => c!.Text("name")));
        Assert.All(Directory.GetFiles(RepoFiles.PathOf("infra/terraform"), "*.tf"),
            file => Assert.DoesNotContain("azuremonitor", File.ReadAllText(file), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task EveryVariableAUserSetsIsValidatedAndTheOutputsGiveTheUrlsAndTheAgentInstallCommand()
    {
        var terraform = await TerraformAsync();
        string[] validated =
        [
            "name_prefix", "static_web_app_location", "functions_image", "agent_image", "metrics_interval_seconds", "metrics_retention_days",
            "alerts_retention_days", "tier_retention_days", "min_replicas", "max_replicas", "servicebus_sku", "signalr_sku", "api_keys",
        ];
        Assert.All(validated, name => Assert.NotEmpty(terraform.Block("variable", name)["validation"]!.AsArray()));
        Assert.Equal("true", terraform.Block("variable", "registry_password").Text("sensitive"));
        Assert.Null(terraform.Block("variable", "api_keys")["default"]);

        var outputs = terraform["output"]!.AsObject();
        Assert.Contains("api_url", outputs.Select(o => o.Key));
        Assert.Contains("dashboard_url", outputs.Select(o => o.Key));
        var install = terraform.Block("output", "agent_install_command");
        Assert.Equal("true", install.Text("sensitive"));
        var command = install.Text("value")!;
        Assert.Contains("${local.ingest_route}", command);
        Assert.Contains("-e POST=0", command);
        Assert.Contains("--read-only", command);
        var agentSettings = EnvironmentFlag().Matches(command).Select(m => m.Groups[1].Value).Where(n => !IsProxySetting(n)).ToList();
        Assert.Contains("WakeDock__Agent__Publisher__AgentKey", agentSettings);
        Assert.All(agentSettings, name => Assert.Null(SettingNames.Problem(name)));
        Assert.Contains(PipelineNames.AgentKeyHeader, terraform.Block("output", "agent_key").Text("description"));
    }

    private static bool IsProxySetting(string name) => name is "PING" or "VERSION" or "INFO" or "EVENTS" or "CONTAINERS" or "POST";

    [GeneratedRegex(@"-e ([A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex EnvironmentFlag();
}
