namespace WakeDock.Functions.Status;

/// <summary>How this process runs: as the Functions host's worker or as the embedded host, with or without the in-process agent.</summary>
public static class HostMode
{
    public const string HostKey = "WakeDock:Host";
    public const string WorkerHost = "functions-worker";
    public const string EmbeddedAgentKey = "WakeDock:EmbeddedAgent:Enabled";

    public static bool IsWorker(IConfiguration configuration) => configuration[HostKey] == WorkerHost;

    public static bool HasEmbeddedAgent(IConfiguration configuration) => configuration.GetValue(EmbeddedAgentKey, defaultValue: true);
}
