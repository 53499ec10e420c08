namespace WakeDock.Contracts;

/// <summary>The CloudEvent types WakeDock publishes.</summary>
public static class CloudEventTypes
{
    /// <summary>The CloudEvents spec version written in every event.</summary>
    public const string SpecVersion = "1.0";

    /// <summary>The media type of a CloudEvent in structured JSON mode.</summary>
    public const string MediaType = "application/cloudevents+json";

    /// <summary>A <see cref="SampleBatch"/> from an edge agent.</summary>
    public const string SampleBatch = "io.wakedock.samples.batch.v1";

    /// <summary>An <see cref="AgentCommand"/> from the control plane.</summary>
    public const string AgentCommand = "io.wakedock.agent.command.v1";

    /// <summary>The source of events published by the agent of <paramref name="host"/>.</summary>
    public static string AgentSource(string host) => $"wakedock://agent/{Uri.EscapeDataString(host)}";
}
