namespace WakeDock.Contracts;

/// <summary>
/// The names the agent, the functions host and the Dapr/compose/infra files must agree on.
/// Tests compare the YAML and HCL against these.
/// </summary>
public static class PipelineNames
{
    /// <summary>The Dapr pub/sub component.</summary>
    public const string PubSub = "wakedock-pubsub";

    /// <summary>The topic agents publish sample batches to.</summary>
    public const string SamplesTopic = "samples";

    /// <summary>Where the broker moves batches that the ingest refused to process.</summary>
    public const string SamplesDeadLetterTopic = "samples-deadletter";

    /// <summary>The topic agents subscribe to for start/stop commands.</summary>
    public const string ControlTopic = "agent-control";

    /// <summary>The route on the functions host that receives sample batches.</summary>
    public const string IngestRoute = "/ingest/samples";

    /// <summary>The route on the agent that receives control commands.</summary>
    public const string ControlRoute = "/control/commands";

    /// <summary>The Dapr app id of the functions host.</summary>
    public const string FunctionsAppId = "wakedock-functions";

    /// <summary>The Dapr app id prefix of agents; each agent appends its host name.</summary>
    public const string AgentAppIdPrefix = "wakedock-agent-";

    /// <summary>The storage queue agents' batches reach through the Dapr output binding <c>bindings.azure.storagequeues</c>.</summary>
    public const string SamplesQueue = "wakedock-samples";

    /// <summary>The app setting naming <see cref="SamplesQueue"/> for the Functions host's queue trigger.</summary>
    public const string SamplesQueueSetting = "WAKEDOCK_INGEST_QUEUE";

    /// <summary>The Dapr output binding (<c>bindings.azure.storagequeues</c>) that puts agents' batches on <see cref="SamplesQueue"/>.</summary>
    public const string SamplesQueueBinding = "wakedock-samples-queue";

    /// <summary>The Dapr output binding (<c>bindings.azure.blobstorage</c>) that uploads claim-checked batches to the data container.</summary>
    public const string ClaimCheckBinding = "wakedock-claims";

    /// <summary>Where a batch larger than a queue message (64 KB) waits; the message carries its name (claim check).</summary>
    public const string ClaimCheckPrefix = "claims/";

    /// <summary>The storage queue of alert notifications (webhooks), retried by the queue trigger and poisoned after its tries.</summary>
    public const string NotificationsQueue = "wakedock-notifications";

    /// <summary>The app setting naming <see cref="NotificationsQueue"/>.</summary>
    public const string NotificationsQueueSetting = "WAKEDOCK_NOTIFICATIONS_QUEUE";

    /// <summary>The header that carries the agent key in direct-HTTP mode.</summary>
    public const string AgentKeyHeader = "X-WakeDock-Agent-Key";
}
