namespace WakeDock.Pipeline.Options;

/// <summary>The <c>WakeDock</c> configuration section; the spec's <c>WAKEDOCK_*</c> variables map onto it (<see cref="SpecEnvironmentVariables"/>).</summary>
public sealed class WakeDockOptions
{
    public const string Section = "WakeDock";

    public CollectionOptions Collection { get; set; } = new();

    public StorageOptions Storage { get; set; } = new();

    public RetentionOptions Retention { get; set; } = new();

    public ThresholdDefaultsOptions Thresholds { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    public TimerOptions Timers { get; set; } = new();

    public AlertOptions Alerts { get; set; } = new();

    public ScaleOutOptions ScaleOut { get; set; } = new();
}

public sealed class CollectionOptions
{
    /// <summary>The agents' sampling interval (<c>WAKEDOCK_METRICS_INTERVAL</c>), used when a batch does not say its own.</summary>
    public double IntervalSeconds { get; set; } = 5;
}

public enum StorageKind
{
    Local,
    Blob,
}

public sealed class StorageOptions
{
    public StorageKind Kind { get; set; } = StorageKind.Local;

    /// <summary>
    /// The local folder (<c>WAKEDOCK_METRICS_STORAGE_PATH</c>); relative paths are under the working directory. Unset, the
    /// spec's <c>/var/log/wakedock/metrics</c> when writable, <c>.wakedock/metrics</c> otherwise (<see cref="StoragePathDefault"/>).
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>A raw segment rotates once it would pass this size (the spec's 50 MB).</summary>
    public long SegmentBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Set when several hosts write into one account, so that each writes its own segments.</summary>
    public string? WriterId { get; set; }

    /// <summary>How much of the newest history is kept in memory for queries.</summary>
    public TimeSpan HotWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Memory for serialized answers of newest-samples queries the hot tier answers (0 turns the cache off).</summary>
    public long AnswerCacheBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The longest a commit waits for company before it is written (group commit); writes are flushed within it.</summary>
    public TimeSpan CommitLinger { get; set; } = TimeSpan.FromMilliseconds(2);

    public BlobStorageOptions Blob { get; set; } = new();
}

public sealed class RetentionOptions
{
    /// <summary>Raw samples (<c>WAKEDOCK_METRICS_RETENTION_DAYS</c>).</summary>
    public int MetricsDays { get; set; } = 7;

    /// <summary>Alert records (<c>WAKEDOCK_ALERTS_RETENTION_DAYS</c>).</summary>
    public int AlertsDays { get; set; } = 7;

    /// <summary>The 1-minute tier.</summary>
    public int MinuteTierDays { get; set; } = 30;

    /// <summary>The 15-minute tier.</summary>
    public int QuarterTierDays { get; set; } = 90;

    /// <summary>The 1-hour tier.</summary>
    public int HourTierDays { get; set; } = 365;

    public int DeadLetterDays { get; set; } = 30;

    /// <summary>How far back the rollup function catches up after downtime.</summary>
    public TimeSpan RollupCatchUp { get; set; } = TimeSpan.FromHours(48);
}

/// <summary>A warning and a critical level.</summary>
public sealed class LevelPair
{
    public double Warning { get; set; }

    public double Critical { get; set; }
}

/// <summary>The spec's default thresholds (<c>WAKEDOCK_CPU_WARNING_THRESHOLD</c> …); run-time changes are kept by the threshold store.</summary>
public sealed class ThresholdDefaultsOptions
{
    public LevelPair CpuPercent { get; set; } = new() { Warning = 70, Critical = 90 };

    public LevelPair MemoryPercent { get; set; } = new() { Warning = 80, Critical = 95 };

    /// <summary>MB/s, 1 MB = 1,048,576 bytes.</summary>
    public LevelPair NetworkRx { get; set; } = new() { Warning = 100, Critical = 500 };

    public LevelPair NetworkTx { get; set; } = new() { Warning = 100, Critical = 500 };

    /// <summary>Restarts within <see cref="AlertOptions.RestartLoopWindow"/>.</summary>
    public LevelPair ContainerRestartLoop { get; set; } = new() { Warning = 3, Critical = 5 };

    /// <summary>Collection intervals without a batch.</summary>
    public LevelPair HostSilent { get; set; } = new() { Warning = 3, Critical = 12 };

    /// <summary>How far (in % of the warning level) a gauge must fall before its episode can resolve.</summary>
    public double HysteresisPercent { get; set; } = 10;

    /// <summary>How long a gauge level must hold before its episode fires or escalates: three samples at the spec's 5 s.</summary>
    public double ForSeconds { get; set; } = 15;

    /// <summary>Robust z-scores; anomaly alerts are off until a threshold (global, per service or per container) enables them.</summary>
    public LevelPair CpuAnomaly { get; set; } = new() { Warning = 3.5, Critical = 6 };

    public LevelPair MemoryAnomaly { get; set; } = new() { Warning = 3.5, Critical = 6 };

}

public sealed class IngestOptions
{
    /// <summary>Keys agents send in <see cref="PipelineNames.AgentKeyHeader"/> in direct-HTTP mode: plain, or <c>sha256:&lt;hex&gt;</c>.</summary>
    public IList<string> AgentKeys { get; } = [];

    /// <summary>Dapr's <c>APP_API_TOKEN</c>: when set, calls from the sidecar must carry it in <c>dapr-api-token</c>.</summary>
    public string? AppApiToken { get; set; }

    /// <summary>Larger bodies are dead-lettered and dropped.</summary>
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How many recent (source, id) pairs the dedupe remembers.</summary>
    public int RecentEventIds { get; set; } = 100_000;

    public bool BulkSubscribe { get; set; } = true;

    public int BulkMaxMessages { get; set; } = 100;

    public int BulkMaxAwaitMilliseconds { get; set; } = 500;

    /// <summary>Samples stamped further than this ahead of the host's clock are malformed (older ones are fine within the retention: spooled batches).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class TimerOptions
{
    /// <summary>False when a Dapr cron binding drives the timer functions instead of the host's own schedule.</summary>
    public bool UseInternalSchedule { get; set; } = true;

    /// <summary>Per-function NCRONTAB overrides, by function name (see the trigger table).</summary>
    public IDictionary<string, string> Schedules { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}

public sealed class AlertOptions
{
    public TimeSpan RestartLoopWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a firing gauge must stay under its hysteresis level before the episode resolves; a breach meanwhile continues it.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(60);

    public PredictionOptions Predictions { get; set; } = new();

    public AnomalyOptions Anomalies { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>Notification routes (Slack, Teams, Discord, ntfy, generic webhook, email), each with a level filter and quiet hours.</summary>
    public IList<NotificationRoute> Routes { get; } = [];
}

public sealed class WebhookOptions
{
    /// <summary>Slack-compatible incoming-webhook URLs.</summary>
    public IList<Uri> Urls { get; } = [];

    /// <summary>Host names webhooks may reach; a URL on any other host is refused at start-up.</summary>
    public IList<string> AllowedHosts { get; } = [];

    public int MaxAttempts { get; set; } = 5;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Trend alerts: a linear fit over the recent samples of a container (or the disk readings of a host).</summary>
public sealed class PredictionOptions
{
    /// <summary>How much recent history the fit uses.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Fewer points, or a shorter span, and no prediction is made.</summary>
    public int MinPoints { get; set; } = 12;

    public TimeSpan MinSpan { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How straight the growth must be (R²) to be believed.</summary>
    public double MinRSquared { get; set; } = 0.8;

    /// <summary>OOM predicted within this: warning; within <see cref="OomCriticalHorizon"/>: critical.</summary>
    public TimeSpan OomWarningHorizon { get; set; } = TimeSpan.FromMinutes(60);

    public TimeSpan OomCriticalHorizon { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A host's disk full within this: warning; within <see cref="DiskCriticalHorizon"/>: critical.</summary>
    public TimeSpan DiskWarningHorizon { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan DiskCriticalHorizon { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How much of a host's disk readings the fit uses (kept in memory per file system), and the least span it needs.</summary>
    public TimeSpan DiskWindow { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan DiskMinSpan { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>Anomaly alerts: the last hour of a container against its own baseline for that hour of the week (1 h tier).</summary>
public sealed class AnomalyOptions
{
    /// <summary>How many weeks back the baseline looks.</summary>
    public int BaselineWeeks { get; set; } = 8;

    /// <summary>Fewer past hours than this and no baseline is claimed.</summary>
    public int MinBaselinePoints { get; set; } = 4;

    /// <summary>Correlated alerts of one host or service closer than this in time form one incident.</summary>
    public TimeSpan IncidentWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Several instances on one storage (docs/scale-out.md).</summary>
public sealed class ScaleOutOptions
{
    /// <summary>
    /// On: batches of one Docker host are ingested by one instance at a time (a lease per host), timers run once across
    /// instances, each instance writes its own segments and follows the others'. Off (one instance): none of that.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>How long a host's lease or a timer's lease lasts unless renewed (Azure: 15–60 s).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a batch waits for its host's partition, held by another instance, before the answer is RETRY.</summary>
    public TimeSpan OwnershipWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A host partition with no batch for this long is handed back, so that whichever instance gets the next batch takes it.</summary>
    public TimeSpan IdleRelease { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the other instances' new samples and alerts are read into this one's hot tier and live feed.</summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A raw segment of another instance, of a past day, untouched this long, is closed: it may be compacted.</summary>
    public TimeSpan ForeignSegmentQuiet { get; set; } = TimeSpan.FromMinutes(5);
}
