using System.Text.Json.Nodes;
using WakeDock.Contracts;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.FunctionsApp;

/// <summary>The settings example that <c>func start</c> users copy to local.settings.json, against the code.</summary>
public sealed class LocalSettingsTests
{
    private static readonly JsonObject Values = JsonNode.Parse(RepoFiles.Read("functions/WakeDock.Functions/local.settings.example.json"))!["Values"]!.AsObject();

    [Fact]
    public void TheTriggersSettingsAreThoseTheFunctionsAttributesName()
    {
        string[] expected = [PipelineNames.NotificationsQueueSetting, PipelineNames.SamplesQueueSetting, .. FunctionsAppSettings.Schedules.Select(s => s.Setting)];

        Assert.Equal(expected.Order(StringComparer.Ordinal), FunctionsAppSettings.TriggerSettings);
    }

    [Fact]
    public void TheExampleGivesEverySettingTheFunctionsHostNeedsWithTheCodesDefaultsAndOnlySettingsTheCodeReads()
    {
        Assert.Empty(FunctionsAppSettings.Missing(Values.Select(v => v.Key)));
        Assert.All(Values.Select(v => v.Key), name => Assert.Null(SettingNames.Problem(name)));
        Assert.Equal("dotnet-isolated", Values["FUNCTIONS_WORKER_RUNTIME"]!.ToString());
        Assert.Equal("UseDevelopmentStorage=true", Values["AzureWebJobsStorage"]!.ToString());
        Assert.Equal(PipelineNames.SamplesQueue, Values[PipelineNames.SamplesQueueSetting]!.ToString());
        Assert.Equal(PipelineNames.NotificationsQueue, Values[PipelineNames.NotificationsQueueSetting]!.ToString());
        Assert.All(FunctionsAppSettings.Schedules, s => Assert.Equal(s.Schedule, Values[s.Setting]!.ToString()));
    }
}
