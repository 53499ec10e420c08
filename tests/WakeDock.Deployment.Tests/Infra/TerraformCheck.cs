using System.Text.Json.Nodes;
using WakeDock.Contracts;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Deployment.Tests.Infra;

/// <summary>The names the Terraform shares with the code, checked against <see cref="PipelineNames"/> and the trigger table.</summary>
internal static class TerraformCheck
{
    public const int FunctionsPort = 7071;

    public static IReadOnlyList<string> Names(JsonObject terraform)
    {
        var problems = new List<string>();
        var locals = terraform.Locals();
        void Expect(string local, object expected)
        {
            var actual = locals[local]?.ToString();
            if (actual != expected.ToString())
            {
                problems.Add($"local.{local} is '{actual}', the code says '{expected}'");
            }
        }

        Expect("pubsub_name", PipelineNames.PubSub);
        Expect("samples_topic", PipelineNames.SamplesTopic);
        Expect("samples_deadletter", PipelineNames.SamplesDeadLetterTopic);
        Expect("control_topic", PipelineNames.ControlTopic);
        Expect("ingest_route", PipelineNames.IngestRoute);
        Expect("functions_app_id", PipelineNames.FunctionsAppId);
        Expect("agent_key_header", PipelineNames.AgentKeyHeader);
        Expect("functions_port", FunctionsPort);
        Expect("blob_container", new BlobStorageOptions().Container);
        Expect("samples_queue", PipelineNames.SamplesQueue);
        Expect("notifications_queue", PipelineNames.NotificationsQueue);

        var timers = locals["timer_schedules"]!.AsObject().ToDictionary(t => t.Key, t => t.Value!.ToString());
        var expected = TriggerTable.Timers.ToDictionary(t => t.ScheduleSetting!, t => t.Schedule!);
        foreach (var (setting, schedule) in expected)
        {
            if (timers.GetValueOrDefault(setting) != schedule)
            {
                problems.Add($"local.timer_schedules[{setting}] is '{timers.GetValueOrDefault(setting)}', the trigger table says '{schedule}'");
            }
        }

        problems.AddRange(timers.Keys.Except(expected.Keys).Select(k => $"local.timer_schedules[{k}] is no setting of a timer trigger"));
        return problems;
    }
}
