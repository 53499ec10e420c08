using WakeDock.Contracts;

namespace WakeDock.EdgeAgent.Configuration;

/// <summary>Where batches go.</summary>
public enum PublisherTarget
{
    /// <summary>The Dapr sidecar's publish API (distributed mode).</summary>
    Dapr,

    /// <summary>The Dapr sidecar's gRPC <c>PublishEvent</c> (the runtime service of Dapr's protos).</summary>
    DaprGrpc,

    /// <summary>The Dapr sidecar's output bindings: the samples storage queue, and a claim-check blob for a large batch.</summary>
    DaprQueueBinding,

    /// <summary>The functions host's ingest endpoint, directly over HTTP with the agent key.</summary>
    Http,

    /// <summary>An <see cref="Publishing.IBatchSink"/> in the same process (embedded mode).</summary>
    InProcess,
}

/// <summary>Where container stats come from.</summary>
public enum StatsSource
{
    /// <summary>The host's cgroup files when the agent sees them (on the host, or with them mounted under <see cref="AgentOptions.HostRoot"/>), else the Engine API.</summary>
    Auto,

    /// <summary>The Engine API's one-shot stats only (a remote or proxied engine).</summary>
    Engine,
}

/// <summary>
/// The agent's settings: section <c>WakeDock:Agent</c>, with the documented environment variables
/// (<c>WAKEDOCK_METRICS_INTERVAL</c>, <c>WAKEDOCK_HOST_NAME</c>, <c>DOCKER_HOST</c>,
/// <c>DAPR_HTTP_PORT</c>, <c>DAPR_GRPC_PORT</c>, <c>DAPR_API_TOKEN</c>, <c>APP_API_TOKEN</c>) taking precedence.
/// </summary>
public sealed class AgentOptions
{
    public const string SectionName = "WakeDock:Agent";

    /// <summary>Seconds between two collections (<c>WAKEDOCK_METRICS_INTERVAL</c>).</summary>
    public double IntervalSeconds { get; set; } = 5;

    /// <summary>The host name written in samples and in the CloudEvent source (<c>WAKEDOCK_HOST_NAME</c>).</summary>
    public string HostName { get; set; } = Environment.MachineName;

    /// <summary>The engine (<c>DOCKER_HOST</c>): <c>unix:///path</c> or <c>tcp://host:port</c>.</summary>
    public string DockerHost { get; set; } = Docker.DockerEndpoint.DefaultAddress;

    /// <summary>
    /// How many containers are read at the same time. The engine answers every stats request on its
    /// collector's next one-second tick, so reads that wait for a free slot cost a second each round:
    /// keep this at or above the number of containers on the host.
    /// </summary>
    public int Concurrency { get; set; } = 128;

    /// <summary>Seconds a Docker API call may take.</summary>
    public double DockerTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds between two full listings of the running containers (events keep the list current in between).</summary>
    public double ReconcileSeconds { get; set; } = 60;

    /// <summary>Container stats from the cgroup files when visible (<c>Auto</c>) or from the Engine API only (<c>Engine</c>).</summary>
    public StatsSource StatsSource { get; set; } = StatsSource.Auto;

    /// <summary>Where the host's <c>/proc</c> and <c>/sys/fs/cgroup</c> are: <c>/</c> on the host, the mount point's parent in a container (e.g. <c>/host</c>).</summary>
    public string HostRoot { get; set; } = "/";

    /// <summary>Whether batches carry the Docker host's metrics (CPU, load, memory, disks, network, uptime, containers by state).</summary>
    public bool HostMetrics { get; set; } = true;

    /// <summary>Where the spool and the sequence lease live.</summary>
    public string DataDirectory { get; set; } = Path.Combine(".wakedock", "agent");

    public PublisherOptions Publisher { get; set; } = new();

    public SpoolOptions Spool { get; set; } = new();

    public LogsOptions Logs { get; set; } = new();

    /// <summary>When set (<c>APP_API_TOKEN</c>), the control and logs routes of the standalone agent require it in <c>dapr-api-token</c>.</summary>
    public string? AppApiToken { get; set; }

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);
}

public sealed class PublisherOptions
{
    public PublisherTarget Target { get; set; } = PublisherTarget.Dapr;

    /// <summary>The sidecar's HTTP port (<c>DAPR_HTTP_PORT</c>).</summary>
    public int DaprHttpPort { get; set; } = 3500;

    /// <summary>The sidecar's gRPC port (<c>DAPR_GRPC_PORT</c>) for <see cref="PublisherTarget.DaprGrpc"/>.</summary>
    public int DaprGrpcPort { get; set; } = 50001;

    /// <summary>
    /// With <see cref="PublisherTarget.DaprGrpc"/>, whether the control topic arrives over the sidecar's gRPC streaming
    /// subscription (<c>SubscribeTopicEventsAlpha1</c>, Dapr 1.14 and later; no app port needed for it) rather than the
    /// HTTP subscription (<c>GET /dapr/subscribe</c>). It reconnects with the spool's backoff.
    /// </summary>
    public bool ControlStream { get; set; } = true;

    /// <summary>The sidecar's API token (<c>DAPR_API_TOKEN</c>), sent as <c>dapr-api-token</c>.</summary>
    public string? DaprApiToken { get; set; }

    public string PubSubName { get; set; } = PipelineNames.PubSub;

    public string Topic { get; set; } = PipelineNames.SamplesTopic;

    /// <summary>The storage-queue output binding for <see cref="PublisherTarget.DaprQueueBinding"/>.</summary>
    public string QueueBinding { get; set; } = PipelineNames.SamplesQueueBinding;

    /// <summary>The blob output binding of claim-checked batches for <see cref="PublisherTarget.DaprQueueBinding"/>.</summary>
    public string ClaimCheckBinding { get; set; } = PipelineNames.ClaimCheckBinding;

    /// <summary>The ingest endpoint for <see cref="PublisherTarget.Http"/>, e.g. <c>http://functions:7071/ingest/samples</c>.</summary>
    public string? IngestUrl { get; set; }

    /// <summary>Sent as <c>X-WakeDock-Agent-Key</c> with <see cref="PublisherTarget.Http"/>.</summary>
    public string? AgentKey { get; set; }

    public double TimeoutSeconds { get; set; } = 10;
}

public sealed class SpoolOptions
{
    /// <summary>The spool's bound; the oldest batches are dropped beyond it.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>First wait before replaying after a failure; doubles up to <see cref="MaxBackoffSeconds"/>, with jitter.</summary>
    public double InitialBackoffSeconds { get; set; } = 1;

    public double MaxBackoffSeconds { get; set; } = 60;
}

public sealed class LogsOptions
{
    public int DefaultTail { get; set; } = 100;

    /// <summary>The most lines one request returns.</summary>
    public int MaxLines { get; set; } = 5000;

    /// <summary>The most bytes of log text one request returns.</summary>
    public int MaxBytes { get; set; } = 1024 * 1024;
}
