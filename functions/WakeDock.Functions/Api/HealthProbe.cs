using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Docker;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Functions.Api;

/// <summary>The detailed health of the 003 document: overall <c>healthy</c>, or <c>degraded</c> when a check is unhealthy.</summary>
public sealed record HealthReport(string Status, DateTimeOffset Timestamp, double UptimeSeconds, HealthChecks Services);

public sealed record HealthChecks(StorageCheck Storage, DiskCheck Disk, MemoryCheck Memory, IngestCheck Ingest, DockerCheck? Docker);

public sealed record StorageCheck(string Status, string Kind, string Location, bool Writable, string? Detail);

public sealed record DiskCheck(string Status, string Path, double? FreePercent, long? FreeBytes, long? TotalBytes, string? Detail);

public sealed record MemoryCheck(string Status, double PercentUsed, long TotalBytes, long ProcessWorkingSetBytes);

public sealed record IngestCheck(string Status, DateTimeOffset? LastIngest, double? LastIngestAgeSeconds, int Hosts, string? Detail);

public sealed record DockerCheck(string Status, string Endpoint, string? ApiVersion, string? Detail);

/// <summary>
/// Runs the checks: storage written to (a probe file, reused a few seconds), disk free under the storage, machine
/// memory, age of the last stored batch against the collection interval, and — embedded — the Docker engine pinged.
/// </summary>
public sealed class HealthProbe(
    IBlobStore store, IngestActivity activity, MonitoringStatusReader status, IServiceProvider services,
    IOptions<WakeDockOptions> pipeline, IOptions<ApiOptions> api, TimeProvider time) : IDisposable
{
    public const string Healthy = "healthy";
    public const string Warning = "warning";
    public const string Unhealthy = "unhealthy";
    private const string ProbeFile = "state/health-probe.json";

    private static readonly DateTimeOffset Started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private (DateTimeOffset At, StorageCheck Check)? _lastProbe;
    private (DateTimeOffset At, DockerCheck Check)? _lastPing;

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var storage = await StorageAsync(now, cancellationToken);
        var docker = await DockerAsync(now, cancellationToken);
        var checks = new HealthChecks(storage, Disk(), Memory(), Ingest(now), docker);
        var degraded = new[] { checks.Storage.Status, checks.Disk.Status, checks.Memory.Status, checks.Ingest.Status, checks.Docker?.Status }.Contains(Unhealthy);
        return new HealthReport(degraded ? "degraded" : Healthy, now, Math.Round((now - Started).TotalSeconds, 1), checks);
    }

    public void Dispose() => _probeGate.Dispose();

    private async Task<StorageCheck> StorageAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _probeGate.WaitAsync(cancellationToken);
        try
        {
            if (_lastProbe is { } last && now - last.At < api.Value.Health.ProbeCacheTtl)
            {
                return last.Check;
            }

            var kind = pipeline.Value.Storage.Kind.ToString().ToLowerInvariant();
            StorageCheck check;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await store.WriteAsync(ProbeFile, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"at\":\"{now:O}\"}}")), timeout.Token);
                check = new StorageCheck(Healthy, kind, store.Location, true, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or OperationCanceledException
                                      && !cancellationToken.IsCancellationRequested)
            {
                check = new StorageCheck(Unhealthy, kind, store.Location, false, e.Message);
            }

            _lastProbe = (now, check);
            return check;
        }
        finally
        {
            _probeGate.Release();
        }
    }

    private DiskCheck Disk()
    {
        var storage = pipeline.Value.Storage;
        var path = Path.GetFullPath(storage.Kind == StorageKind.Local ? storage.Path : Directory.GetCurrentDirectory());
        try
        {
            var drive = new DriveInfo(path);
            var free = drive.AvailableFreeSpace;
            var total = drive.TotalSize;
            var percent = total > 0 ? Math.Round(free * 100.0 / total, 2) : 0;
            var (state, detail) = DiskLevel(percent, api.Value.Health);
            return new DiskCheck(state, path, percent, free, total, detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new DiskCheck(Warning, path, null, null, null, e.Message);
        }
    }

    private MemoryCheck Memory()
    {
        var (total, available) = MachineMemory();
        var used = total > 0 ? Math.Round((total - available) * 100.0 / total, 2) : 0;
        using var process = Process.GetCurrentProcess();
        return new MemoryCheck(MemoryLevel(used, api.Value.Health), used, total, process.WorkingSet64);
    }

    /// <summary>
    /// Free disk at or below <see cref="HealthOptions.DiskWarningFreePercent"/> (20 %) is a warning, never unhealthy: a disk
    /// too full to write fails the storage check's probe write, which is what makes the answer 503.
    /// </summary>
    public static (string Status, string? Detail) DiskLevel(double freePercent, HealthOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (freePercent <= limits.DiskCriticalFreePercent)
        {
            return (Warning, string.Create(CultureInfo.InvariantCulture, $"{freePercent:0.##} % free, at or below {limits.DiskCriticalFreePercent:0.##} %: writes will fail soon"));
        }

        return (freePercent <= limits.DiskWarningFreePercent ? Warning : Healthy, null);
    }

    /// <summary>Machine memory used at or above <see cref="HealthOptions.MemoryWarningPercent"/> (90 %) is a warning.</summary>
    public static string MemoryLevel(double usedPercent, HealthOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return usedPercent >= limits.MemoryWarningPercent ? Warning : Healthy;
    }

    /// <summary>What <c>free</c> calls total and available (the 003 document's psutil figures); the GC's view elsewhere.</summary>
    private static (long Total, long Available) MachineMemory()
    {
        try
        {
            long total = 0, available = 0;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    total = Kilobytes(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = Kilobytes(line);
                }
            }

            if (total > 0)
            {
                return (total, available);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // not Linux, or hidden: the GC knows the machine too
        }

        var gc = GC.GetGCMemoryInfo();
        return (gc.TotalAvailableMemoryBytes, gc.TotalAvailableMemoryBytes - gc.MemoryLoadBytes);
    }

    private static long Kilobytes(string line)
        => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    /// <summary>
    /// Batches come every interval while collection runs (empty ones too): three intervals without one is a warning,
    /// twelve is unhealthy — unless collection is stopped (embedded agent paused) or no agent ever delivered (distributed).
    /// </summary>
    private IngestCheck Ingest(DateTimeOffset now)
    {
        var limits = api.Value.Health;
        var hosts = activity.Hosts;
        var interval = status.Agent?.CollectionInterval ?? pipeline.Value.Collection.IntervalSeconds;
        var last = activity.LastBatchAt;
        if (status.Agent is { IsRunning: false })
        {
            return new IngestCheck(Healthy, last, Age(last, now), hosts.Count, "collection is stopped");
        }

        var since = last ?? (status.Agent is not null ? Started : (DateTimeOffset?)null);
        if (since is not { } reference)
        {
            return new IngestCheck(Warning, null, null, 0, "no agent has delivered a batch yet");
        }

        var intervals = (now - reference).TotalSeconds / Math.Max(interval, 0.1);
        var state = intervals > limits.IngestCriticalIntervals ? Unhealthy : intervals > limits.IngestWarningIntervals ? Warning : Healthy;
        var detail = state == Healthy ? null : last is null ? "no batch since the host started" : string.Create(CultureInfo.InvariantCulture, $"no batch for {intervals:0} collection intervals");
        return new IngestCheck(state, last, Age(last, now), hosts.Count, detail);
    }

    private static double? Age(DateTimeOffset? at, DateTimeOffset now) => at is { } a ? Math.Round((now - a).TotalSeconds, 3) : null;

    private async Task<DockerCheck?> DockerAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (services.GetService<DockerEngineClient>() is not { } docker || status.Agent is null)
        {
            return null;
        }

        if (_lastPing is { } last && now - last.At < api.Value.Health.ProbeCacheTtl)
        {
            return last.Check;
        }

        DockerCheck check;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await docker.PingAsync(timeout.Token);
            check = new DockerCheck(Healthy, docker.Endpoint.ToString(), docker.ApiVersion, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            check = new DockerCheck(Unhealthy, docker.Endpoint.ToString(), docker.ApiVersion, e.Message);
        }

        _lastPing = (now, check);
        return check;
    }
}
