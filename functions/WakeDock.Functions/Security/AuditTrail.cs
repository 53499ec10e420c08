using System.Diagnostics;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Functions.Security;

/// <summary>
/// One access: who (the key's name, never the key; its role and scope; how it came: key or token), from where, what
/// (method, route, path without the query) and the answer. <c>stream_open</c> is written when a WebSocket (the raw stream
/// or the hub's) is admitted; the request's own entry follows when it ends, with the connection's duration.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset Timestamp,
    string Kind,
    string? Caller,
    string? Role,
    string Scope,
    string AuthMethod,
    string? Client,
    string Method,
    string Route,
    string Path,
    int Status,
    double DurationMs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;

/// <summary>
/// The audit trail: every request to a protected endpoint (the API, the streams, the token exchange, a protected
/// <c>/metrics</c>) and every stream connection, as a structured log line of category <c>WakeDock.Audit</c> and, with
/// <c>WAKEDOCK_AUDIT_ENABLED</c>, a line of <c>audit_YYYY-MM-DD.jsonl</c> beside the samples (appended only; the
/// retention timer deletes the days past <c>WAKEDOCK_METRICS_RETENTION_DAYS</c>).
/// </summary>
public sealed partial class AuditTrail(ILoggerFactory loggers, IOptions<SecurityOptions> options, AuditFile file, TimeProvider time) : IMiddleware
{
    public const string Category = "WakeDock.Audit";
    public const string KindRequest = "request";
    public const string KindStreamOpen = "stream_open";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Record(context, KindRequest, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>A stream client admitted (the raw WebSocket, or a hub connection): written at once, not when it ends.</summary>
    public void RecordStream(HttpContext context) => Record(context, KindStreamOpen, StatusCodes.Status101SwitchingProtocols, 0);

    private void Record(HttpContext context, string kind, int status, double milliseconds)
    {
        // Built only when someone reads it: on every API request, the entry is most of what auditing costs.
        if (!options.Value.Audit.Enabled && !_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var user = context.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        var entry = new AuditEntry(
            time.GetUtcNow(),
            kind,
            authenticated ? user.Identity!.Name : null,
            authenticated ? user.IsInRole(ApiKeyRing.RoleAdmin) ? ApiKeyRing.RoleAdmin : ApiKeyRing.RoleReader : null,
            CallerScope.Describe(CallerScope.Of(user)),
            CredentialOf(context, authenticated),
            context.Connection.RemoteIpAddress?.ToString(),
            context.Request.Method,
            (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "",
            context.Request.Path.Value ?? "",
            status,
            Math.Round(milliseconds, 3));
        LogEntry(_logger, entry.Kind, entry.Caller ?? "-", entry.Role ?? "-", entry.Scope, entry.AuthMethod, entry.Client ?? "-", entry.Method, entry.Route, entry.Path, entry.Status, entry.DurationMs);
        if (options.Value.Audit.Enabled)
        {
            file.Add(entry);
        }
    }

    private static string CredentialOf(HttpContext context, bool authenticated)
        => ApiKeyAuthenticationHandler.PresentedKey(context) is { } presented
            ? AccessTokens.LooksLikeToken(presented) ? "token" : "key"
            : authenticated ? "loopback" : "none";

    // AuthMethod, not Credential: the log masks every property named like a secret, and which credential was used is none.
    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {AuditKind} {Method} {Route} by {Caller} ({Role}, scope {Scope}, {AuthMethod}) from {Client}: {Status} in {DurationMs} ms (path {Path})")]
    private static partial void LogEntry(ILogger logger, string auditKind, string caller, string role, string scope, string authMethod, string client, string method, string route, string path, int status, double durationMs);
}

/// <summary>
/// <c>audit_YYYY-MM-DD.jsonl</c> in the data directory (the store the samples go to), appended in batches by one writer
/// so that a request never waits on the disk. Past 10,000 entries waiting, new ones are counted in <see cref="Dropped"/> and the next write logs how many.
/// </summary>
public sealed partial class AuditFile(IServiceProvider services, ILogger<AuditFile> logger) : BackgroundService
{
    public const string Prefix = WakeDock.Pipeline.Triggers.RetentionFunction.AuditPrefix;
    private const int Capacity = 10_000;

    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    private long _writing;

    public static string FileName(DateOnly day) => $"{Prefix}{day:yyyy-MM-dd}.jsonl";

    public void Add(AuditEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Waits until what was added so far is written (tests, and a host stopping).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_queue.Reader.Count > 0 || Interlocked.Read(ref _writing) > 0)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var store = services.GetRequiredService<IBlobStore>();
        var buffer = new List<AuditEntry>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Interlocked.Increment(ref _writing);
                try
                {
                    while (buffer.Count < 1000 && _queue.Reader.TryRead(out var entry))
                    {
                        buffer.Add(entry);
                    }

                    await WriteAsync(store, buffer, stoppingToken);
                    if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
                    {
                        LogDropped(logger, dropped);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogWriteFailed(logger, e, buffer.Count);
                }
                finally
                {
                    buffer.Clear();
                    Interlocked.Decrement(ref _writing);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task WriteAsync(IBlobStore store, List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var day in entries.GroupBy(e => DateOnly.FromDateTime(e.Timestamp.UtcDateTime)))
        {
            using var lines = new MemoryStream();
            foreach (var entry in day)
            {
                System.Text.Json.JsonSerializer.Serialize(lines, entry, AuditJsonContext.Default.AuditEntry);
                lines.WriteByte((byte)'\n');
            }

            await store.AppendAsync(FileName(day.Key), lines.ToArray(), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audit entries were not written: the audit file fell behind")]
    private static partial void LogDropped(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries could not be appended to the audit file")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
