using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Health;

/// <summary>Free space of the disk under the storage (the working directory when the storage is not local).</summary>
public sealed class DiskHealthCheck(IOptions<WakeDockOptions> pipeline, IOptions<ApiOptions> api) : IHealthCheck
{
    public const string Name = "disk";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var check = Measure();
        return Task.FromResult(ServiceCheckResult.Of(check, check.Detail));
    }

    private DiskCheck Measure()
    {
        var storage = pipeline.Value.Storage;
        var path = Path.GetFullPath(storage.Kind == StorageKind.Local ? storage.Path : Directory.GetCurrentDirectory());
        try
        {
            var drive = new DriveInfo(path);
            var free = drive.AvailableFreeSpace;
            var total = drive.TotalSize;
            var percent = total > 0 ? Math.Round(free * 100.0 / total, 2) : 0;
            var (state, detail) = HealthLevels.DiskLevel(percent, api.Value.Health);
            return new DiskCheck(state, path, percent, free, total, detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new DiskCheck(HealthLevels.Warning, path, null, null, null, e.Message);
        }
    }
}
