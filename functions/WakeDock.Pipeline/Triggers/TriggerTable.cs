using WakeDock.Contracts;

namespace WakeDock.Pipeline.Triggers;

public enum TriggerKind
{
    /// <summary>A Dapr pub/sub topic delivering CloudEvents to a route.</summary>
    Topic,

    /// <summary>An HTTP route called directly.</summary>
    Http,

    /// <summary>An NCRONTAB schedule of the host, or the Dapr cron binding of the same name.</summary>
    Timer,
}

/// <summary>One function and what triggers it.</summary>
public sealed record FunctionTrigger(string Function, TriggerKind Kind, string Route, string Description)
{
    public string? PubSub { get; init; }

    public string? Topic { get; init; }

    public string? DeadLetterTopic { get; init; }

    /// <summary>The default six-field NCRONTAB schedule (seconds first, UTC); <c>WakeDock:Timers:Schedules:&lt;function&gt;</c> overrides it.</summary>
    public string? Schedule { get; init; }

    /// <summary>The Dapr cron binding component whose POSTs (to <see cref="Route"/>) also run the function.</summary>
    public string? DaprBinding { get; init; }

    /// <summary>The app setting that holds the schedule: the Functions host resolves <c>%…%</c> in the timer trigger from it.</summary>
    public string? ScheduleSetting { get; init; }
}

/// <summary>
/// Every function of the host and its trigger, in one place. The endpoints (<c>/dapr/subscribe</c>, the
/// ingest routes, the cron binding routes) and the timer scheduler are all built from this table.
/// </summary>
public static class TriggerTable
{
    public const string IngestSamples = "ingest-samples";
    public const string IngestDirect = "ingest-direct";
    public const string RecordBrokerDeadLetters = "record-broker-dead-letters";
    public const string AlertSweep = "alert-sweep";
    public const string Compaction = "compaction";
    public const string Rollup = "rollup";
    public const string Retention = "retention";

    public const string BrokerDeadLetterRoute = "/ingest/dead-letters";

    public const string AlertSweepSchedule = "WAKEDOCK_ALERT_SWEEP_SCHEDULE";
    public const string CompactionSchedule = "WAKEDOCK_COMPACTION_SCHEDULE";
    public const string RollupSchedule = "WAKEDOCK_ROLLUP_SCHEDULE";
    public const string RetentionSchedule = "WAKEDOCK_RETENTION_SCHEDULE";

    public static IReadOnlyList<FunctionTrigger> All { get; } =
    [
        //   function                 trigger           route / schedule
        new(IngestSamples, TriggerKind.Topic, PipelineNames.IngestRoute, "store a batch of samples, evaluate thresholds")
            { PubSub = PipelineNames.PubSub, Topic = PipelineNames.SamplesTopic, DeadLetterTopic = PipelineNames.SamplesDeadLetterTopic },
        new(IngestDirect, TriggerKind.Http, PipelineNames.IngestRoute, $"the same, POSTed by an agent with {PipelineNames.AgentKeyHeader}"),
        new(RecordBrokerDeadLetters, TriggerKind.Topic, BrokerDeadLetterRoute, "keep what the broker gave up on in the dead-letter file")
            { PubSub = PipelineNames.PubSub, Topic = PipelineNames.SamplesDeadLetterTopic },
        new(AlertSweep, TriggerKind.Timer, "/wakedock-alert-sweep", "fire sustained (for) rules, end restart loops, find silent hosts")
            { Schedule = "*/15 * * * * *", DaprBinding = "wakedock-alert-sweep", ScheduleSetting = AlertSweepSchedule },
        new(Compaction, TriggerKind.Timer, "/wakedock-compaction", "seal past days' segments, gzip closed ones grouped by container, save the dedupe ledger")
            { Schedule = "0 * * * * *", DaprBinding = "wakedock-compaction", ScheduleSetting = CompactionSchedule },
        new(Rollup, TriggerKind.Timer, "/wakedock-rollup", "roll finished hours up into the 1 min and 1 h tiers")
            { Schedule = "0 */5 * * * *", DaprBinding = "wakedock-rollup", ScheduleSetting = RollupSchedule },
        new(Retention, TriggerKind.Timer, "/wakedock-retention", "delete day files past their retention")
            { Schedule = "0 30 3 * * *", DaprBinding = "wakedock-retention", ScheduleSetting = RetentionSchedule },
    ];

    public static IEnumerable<FunctionTrigger> Timers => All.Where(t => t.Kind == TriggerKind.Timer);

    public static IEnumerable<FunctionTrigger> Topics => All.Where(t => t.Kind == TriggerKind.Topic);
}
