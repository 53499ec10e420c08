using System.Text.RegularExpressions;
using WakeDock.Contracts;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Options;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Infra;

/// <summary>
/// infra/bicep/main.bicep is a hand transcription of the Terraform: these tests read it as text and hold it to the
/// same resources, names, settings and defaults (<see cref="BicepCliTests"/> compiles and lints it).
/// </summary>
public sealed partial class BicepTests
{
    private static readonly string Bicep = RepoFiles.Read("infra/bicep/main.bicep");

    private static readonly Dictionary<string, string> AzureTypes = new()
    {
        ["azurerm_storage_account"] = "Microsoft.Storage/storageAccounts",
        ["azurerm_storage_container"] = "Microsoft.Storage/storageAccounts/blobServices/containers",
        ["azurerm_storage_queue"] = "Microsoft.Storage/storageAccounts/queueServices/queues",
        ["azurerm_storage_management_policy"] = "Microsoft.Storage/storageAccounts/managementPolicies",
        ["azurerm_servicebus_namespace"] = "Microsoft.ServiceBus/namespaces",
        ["azurerm_servicebus_topic"] = "Microsoft.ServiceBus/namespaces/topics",
        ["azurerm_servicebus_subscription"] = "Microsoft.ServiceBus/namespaces/topics/subscriptions",
        ["azurerm_servicebus_namespace_authorization_rule"] = "Microsoft.ServiceBus/namespaces/AuthorizationRules",
        ["azurerm_log_analytics_workspace"] = "Microsoft.OperationalInsights/workspaces",
        ["azurerm_application_insights"] = "Microsoft.Insights/components",
        ["azurerm_container_app_environment"] = "Microsoft.App/managedEnvironments",
        ["azurerm_container_app_environment_dapr_component"] = "Microsoft.App/managedEnvironments/daprComponents",
        ["azurerm_container_app"] = "Microsoft.App/containerApps",
        ["azurerm_signalr_service"] = "Microsoft.SignalRService/signalR",
        ["azurerm_static_web_app"] = "Microsoft.Web/staticSites",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryTerraformResourceHasItsBicepCounterpartAsManyTimes()
    {
        var terraform = await Hcl2Json.ConvertAsync(RepoFiles.PathOf("infra/terraform"), Ct);
        var declared = ResourceDeclaration().Matches(Bicep).Select(m => m.Groups["type"].Value).ToList();

        foreach (var (type, resources) in terraform["resource"]!.AsObject())
        {
            if (type is "azurerm_resource_group" || type.StartsWith("random_", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(AzureTypes.TryGetValue(type, out var azureType), $"{type} has no Bicep counterpart in this test's table");
            Assert.Equal(resources!.AsObject().Count, declared.Count(d => d == azureType));
        }
    }

    [Fact]
    public void TheNamesSharedWithTheCodeAreThoseOfPipelineNamesAndTheTriggerTable()
    {
        Assert.Equal(PipelineNames.PubSub, Variable("pubsubName"));
        Assert.Equal(PipelineNames.SamplesTopic, Variable("samplesTopic"));
        Assert.Equal(PipelineNames.SamplesDeadLetterTopic, Variable("samplesDeadLetterTopic"));
        Assert.Equal(PipelineNames.ControlTopic, Variable("controlTopic"));
        Assert.Equal(PipelineNames.IngestRoute, Variable("ingestRoute"));
        Assert.Equal(PipelineNames.FunctionsAppId, Variable("functionsAppId"));
        Assert.Equal(TerraformCheck.FunctionsPort.ToString(), Variable("functionsPort"));
        Assert.Equal(PipelineNames.SamplesQueue, Variable("samplesQueue"));
        Assert.Equal(PipelineNames.NotificationsQueue, Variable("notificationsQueue"));
        Assert.Contains("\nvar storageQueues = [samplesQueue, '${samplesQueue}-poison', notificationsQueue, '${notificationsQueue}-poison']\n", Bicep);

        var timers = Timer().Matches(Bicep).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["schedule"].Value);
        Assert.Equal(TriggerTable.Timers.ToDictionary(t => t.ScheduleSetting!, t => t.Schedule!), timers);
        Assert.Contains("componentType: 'pubsub.azure.servicebus.topics'", Bicep);
        // The Functions host fires the timer triggers itself: no Dapr cron binding.
        Assert.DoesNotContain("bindings.cron", Bicep);
        Assert.Contains("resource functions 'Microsoft.App/containerApps@2025-07-01' = {\n  name: '${namePrefix}-functions'\n  location: location\n  kind: 'functionapp'", Bicep);
        Assert.Contains("dapr: { enabled: true, appId: functionsAppId, appPort: functionsPort, appProtocol: 'http' }", Bicep);
        Assert.Contains("{ flag: 'ServiceMode', value: 'Serverless' }", Bicep);
    }

    [Fact]
    public async Task TheFunctionsHostGetsTheSameSettingsAsFromTheTerraform()
    {
        var terraform = (await Hcl2Json.ConvertAsync(RepoFiles.PathOf("infra/terraform"), Ct)).Locals();
        var expected = terraform["functions_environment"]!.AsObject().Select(e => e.Key)
            .Concat(terraform["functions_secret_settings"]!.AsObject().Select(e => e.Key))
            .Order(StringComparer.Ordinal);
        var block = Bicep[Bicep.IndexOf("var functionsEnvironment = [", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("\n]", StringComparison.Ordinal)];
        var names = Setting().Matches(block).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(expected, names.Order(StringComparer.Ordinal));
        Assert.All(names, name => Assert.Null(SettingNames.Problem(name)));
        Assert.DoesNotContain("APP_API_TOKEN", names);
        Assert.Contains("env: concat(functionsEnvironment, timerSchedules, apiKeySettings)", Bicep);
        Assert.Empty(FunctionsAppSettings.Missing(names.Concat(Timer().Matches(Bicep).Select(m => m.Groups["name"].Value))));
    }

    [Fact]
    public void ParametersDefaultToTheHostsRetentionAndScaleFromZeroToOne()
    {
        var defaults = new RetentionOptions();

        Assert.Equal(defaults.MetricsDays.ToString(), Parameter("metricsRetentionDays"));
        Assert.Equal(defaults.AlertsDays.ToString(), Parameter("alertsRetentionDays"));
        Assert.Equal(defaults.MinuteTierDays.ToString(), Parameter("minuteTierDays"));
        Assert.Equal(defaults.QuarterTierDays.ToString(), Parameter("quarterTierDays"));
        Assert.Equal(defaults.HourTierDays.ToString(), Parameter("hourTierDays"));
        Assert.Equal(defaults.DeadLetterDays.ToString(), Parameter("deadLetterDays"));
        Assert.Equal("0", Parameter("minReplicas"));
        Assert.Contains("@allowed([0, 1])\nparam minReplicas", Bicep);
        Assert.Contains("maxReplicas: maxReplicas", Bicep);
        Assert.Contains("{ name: 'WakeDock__ScaleOut__Enabled', value: maxReplicas > 1 ? 'true' : 'false' }", Bicep);
        Assert.Contains("{ name: 'raw-samples', prefixes: ['${blobContainer}/metrics_', '${blobContainer}/index/metrics_'], days: metricsRetentionDays + 1 }", Bicep);
    }

    private static string Variable(string name) => Regex.Match(Bicep, $@"(?m)^var {name} = '?([^'\n]+)'?$").Groups[1].Value;

    [Fact]
    public void OnlyTheAppsOwnExporterSendsItsSpansToApplicationInsights()
    {
        var environment = Bicep[Bicep.IndexOf("var functionsEnvironment = [", StringComparison.Ordinal)..];
        environment = environment[..environment.IndexOf("\n]", StringComparison.Ordinal)];
        var app = Bicep[Bicep.IndexOf("resource functions 'Microsoft.App/containerApps@", StringComparison.Ordinal)..];
        var containers = app[app.IndexOf("containers: [", StringComparison.Ordinal)..app.IndexOf("scale: {", StringComparison.Ordinal)];

        Assert.Contains($"{{ name: '{AzureMonitorExport.ConnectionStringVariable}', secretRef: 'appinsights-connection-string' }}", environment, StringComparison.Ordinal);
        Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", environment, StringComparison.Ordinal);
        Assert.Equal(["functions"], ContainerName().Matches(containers).Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("azuremonitor", Bicep, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"(?m)^\s+name: '([^']+)'\r?$")]
    private static partial Regex ContainerName();

    private static string Parameter(string name) => Regex.Match(Bicep, $@"(?m)^param {name} \w+ = '?([^'\n]+)'?$").Groups[1].Value;

    [GeneratedRegex(@"(?m)^resource \w+ '(?<type>[^@']+)@[^']+'")]
    private static partial Regex ResourceDeclaration();

    [GeneratedRegex(@"\{ name: '(?<name>WAKEDOCK_[A-Z_]+_SCHEDULE)', value: '(?<schedule>[^']+)' \}")]
    private static partial Regex Timer();

    [GeneratedRegex(@"\{ name: '([A-Za-z0-9_]+)', (?:value|secretRef):")]
    private static partial Regex Setting();
}
