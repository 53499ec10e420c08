namespace WakeDock.Pipeline.Options;

/// <summary>The API's own settings (section <c>WakeDock:Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "WakeDock:Api";

    /// <summary>JSON bodies larger than this are refused with 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Logs fetched from an agent through Dapr are read up to this many bytes.</summary>
    public int MaxAgentResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>One call to the Dapr sidecar (publish or invocation).</summary>
    public TimeSpan SidecarTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Container logs served by the API pass through the masking of WakeDock's own logs (tokens, passwords and keys in
    /// <c>KEY=value</c> or JSON form, bearer and SharedKey credentials) unless this is false.
    /// </summary>
    public bool MaskContainerLogSecrets { get; set; } = true;

    public HealthOptions Health { get; set; } = new();
}

/// <summary>The levels of the detailed health check (<c>/api/health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>Disk free at or below this is a warning (the 003 document's 20 %).</summary>
    public double DiskWarningFreePercent { get; set; } = 20;

    /// <summary>Disk free at or below this is still a warning, with a detail saying writes will fail soon; never unhealthy (the storage probe is).</summary>
    public double DiskCriticalFreePercent { get; set; } = 5;

    /// <summary>Machine memory used at or above this is a warning (003: 90 %).</summary>
    public double MemoryWarningPercent { get; set; } = 90;

    /// <summary>Collection intervals without a batch before ingest is a warning, and unhealthy.</summary>
    public double IngestWarningIntervals { get; set; } = 3;

    public double IngestCriticalIntervals { get; set; } = 12;

    /// <summary>A storage write probe is reused this long, so that a busy prober does not write on every call.</summary>
    public TimeSpan ProbeCacheTtl { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>The Dapr sidecar this host talks to in distributed mode (section <c>WakeDock:Dapr</c>).</summary>
public sealed class DaprOptions
{
    public const string Section = "WakeDock:Dapr";

    /// <summary>Only a loopback name: the sidecar runs beside the host, and nothing else is ever called.</summary>
    public string SidecarHost { get; set; } = "localhost";

    /// <summary><c>DAPR_HTTP_PORT</c>: service invocation.</summary>
    public int HttpPort { get; set; } = 3500;

    /// <summary><c>DAPR_GRPC_PORT</c>: publish (Dapr.Client speaks gRPC to the sidecar).</summary>
    public int GrpcPort { get; set; } = 50001;

    /// <summary><c>DAPR_API_TOKEN</c>, sent as <c>dapr-api-token</c>.</summary>
    public string? ApiToken { get; set; }
}

public enum ApiRole
{
    Reader,
    Admin,
}

/// <summary>One API key: its name (logged instead of the key), its role and the SHA-256 of the key.</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    public ApiRole Role { get; set; } = ApiRole.Reader;

    /// <summary><c>sha256:&lt;64 hex digits&gt;</c> of the key's UTF-8 bytes; the key itself is never stored.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The containers this key may see; empty: all of them.</summary>
    public KeyScopeOptions Scope { get; set; } = new();
}

/// <summary>
/// An API key's scope (<c>WakeDock:Security:ApiKeys:N:Scope</c>): each list given must match, an empty one does not
/// limit. <see cref="Containers"/> and <see cref="Projects"/> both match the container's name.
/// </summary>
public sealed class KeyScopeOptions
{
    /// <summary>Docker hosts (the agent's host name).</summary>
    public IList<string> Hosts { get; } = [];

    /// <summary>Compose services (label <c>com.docker.compose.service</c>).</summary>
    public IList<string> Services { get; } = [];

    /// <summary>Compose projects: containers named <c>&lt;project&gt;-…</c> or <c>&lt;project&gt;_…</c>.</summary>
    public IList<string> Projects { get; } = [];

    /// <summary>Container name patterns: <c>*</c> any run of characters, <c>?</c> one.</summary>
    public IList<string> Containers { get; } = [];
}

/// <summary>Authentication, CORS, rate limiting and headers (section <c>WakeDock:Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "WakeDock:Security";

    /// <summary>With none, the API is open and the host listens on loopback only.</summary>
    public IList<ApiKeyOptions> ApiKeys { get; } = [];

    /// <summary>Origins allowed to call the API from a browser (<c>WAKEDOCK_CORS_ORIGINS</c>, comma-separated).</summary>
    public IList<string> CorsOrigins { get; } = [];

    /// <summary>Require the reader role on <c>/metrics</c> too (the scrape endpoint is open by default).</summary>
    public bool ProtectMetrics { get; set; }

    /// <summary>
    /// Listen on a non-loopback address without keys. Only for a host that is itself behind loopback, such as
    /// a container whose port is published on the Docker host's 127.0.0.1.
    /// </summary>
    public bool AllowAnonymousNonLoopback { get; set; }

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// Accept an API key (not only a token) in the <c>access_token</c> query parameter of a WebSocket upgrade. Clients of
    /// this version send a short-lived token there; turn this off once none sends a key.
    /// </summary>
    public bool AllowKeyInQuery { get; set; } = true;

    public TokenOptions Tokens { get; set; } = new();

    public AuditOptions Audit { get; set; } = new();

    /// <summary>The Content-Security-Policy of pages outside <c>/api</c> (the dashboard).</summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

/// <summary>The short-lived tokens <c>POST /api/v1/auth/token</c> issues for a key (section <c>WakeDock:Security:Tokens</c>).</summary>
public sealed class TokenOptions
{
    public const double MaxLifetimeMinutes = 15;

    /// <summary>
    /// <c>WAKEDOCK_TOKEN_SIGNING_KEY</c>: the HMAC-SHA256 key, base64 of at least 32 bytes. Unset: generated once and kept
    /// in <see cref="KeyFile"/>. Every instance of a scaled-out host needs the same one.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Where a generated key is kept; by default <c>token-signing.key</c> beside the data directory.</summary>
    public string? KeyFile { get; set; }

    /// <summary><c>WAKEDOCK_TOKEN_LIFETIME_MINUTES</c>: how long a token holds, at most 15.</summary>
    public double LifetimeMinutes { get; set; } = 10;
}

/// <summary>The audit trail of authenticated requests and stream connections (section <c>WakeDock:Security:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary><c>WAKEDOCK_AUDIT_ENABLED</c>: also append each entry to <c>audit_YYYY-MM-DD.jsonl</c> in the data directory.</summary>
    public bool Enabled { get; set; }
}

/// <summary>A token bucket per API key (per client address without one).</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Requests a client may make per second, sustained.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a client may make at once after a quiet spell.</summary>
    public int Burst { get; set; } = 200;
}
