using System.Diagnostics;
using System.Globalization;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Health;

/// <summary>The detailed health of the 003 document: overall <c>healthy</c>, or <c>degraded</c> when a check is unhealthy.</summary>
public sealed record HealthReport(string Status, DateTimeOffset Timestamp, double UptimeSeconds, HealthChecks Services);

public sealed record HealthChecks(StorageCheck Storage, DiskCheck Disk, MemoryCheck Memory, IngestCheck Ingest, DockerCheck? Docker);

/// <summary>One service's part of <see cref="HealthReport"/>: its status is <c>healthy</c>, <c>warning</c> or <c>unhealthy</c>.</summary>
public interface IServiceCheck
{
    string Status { get; }
}

public sealed record StorageCheck(string Status, string Kind, string Location, bool Writable, string? Detail) : IServiceCheck;

public sealed record DiskCheck(string Status, string Path, double? FreePercent, long? FreeBytes, long? TotalBytes, string? Detail) : IServiceCheck;

public sealed record MemoryCheck(string Status, double PercentUsed, long TotalBytes, long ProcessWorkingSetBytes) : IServiceCheck;

public sealed record IngestCheck(string Status, DateTimeOffset? LastIngest, double? LastIngestAgeSeconds, int Hosts, string? Detail) : IServiceCheck;

public sealed record DockerCheck(string Status, string Endpoint, string? ApiVersion, string? Detail) : IServiceCheck;

/// <summary>The status words of the 003 document and its warning levels for disk and memory.</summary>
public static class HealthLevels
{
    public const string Healthy = "healthy";
    public const string Warning = "warning";
    public const string Unhealthy = "unhealthy";
    public const string Degraded = "degraded";

    public static readonly DateTimeOffset ProcessStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();

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
}
