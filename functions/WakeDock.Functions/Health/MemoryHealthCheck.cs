using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Health;

/// <summary>Machine memory used, and this process's working set.</summary>
public sealed class MemoryHealthCheck(IOptions<ApiOptions> api) : IHealthCheck
{
    public const string Name = "memory";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (total, available) = MachineMemory();
        var used = total > 0 ? Math.Round((total - available) * 100.0 / total, 2) : 0;
        using var process = Process.GetCurrentProcess();
        var check = new MemoryCheck(HealthLevels.MemoryLevel(used, api.Value.Health), used, total, process.WorkingSet64);
        return Task.FromResult(ServiceCheckResult.Of(check, null));
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
}
