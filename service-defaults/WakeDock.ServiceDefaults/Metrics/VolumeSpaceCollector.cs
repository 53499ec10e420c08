using WakeDock.ServiceDefaults.Prometheus;

namespace WakeDock.ServiceDefaults.Metrics;

/// <summary>A folder WakeDock writes to, watched for free space: <c>volume</c> names its role (storage, spool).</summary>
public sealed record WatchedVolume(string Volume, string Path);

/// <summary>
/// <c>wakedock_volume_available_bytes</c> and <c>wakedock_volume_size_bytes</c> of the file systems
/// holding WakeDock's folders, read at each scrape (statfs), so that a disk-space alert has a metric.
/// A folder that does not exist yet is measured at its nearest existing parent.
/// </summary>
public sealed class VolumeSpaceCollector(IEnumerable<WatchedVolume> volumes) : IPrometheusCollector
{
    private readonly WatchedVolume[] _volumes = [.. volumes];

    public void Collect(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var measured = new List<(KeyValuePair<string, string>[] Labels, long Available, long Size)>(_volumes.Length);
        foreach (var volume in _volumes)
        {
            if (Measure(volume.Path) is { } space)
            {
                measured.Add(([new("path", volume.Path), new("volume", volume.Volume)], space.Available, space.Size));
            }
        }

        if (measured.Count == 0)
        {
            return;
        }

        writer.BeginFamily("wakedock_volume_available_bytes", PrometheusMetricType.Gauge, "Bytes available to WakeDock on the file system holding the folder.");
        foreach (var (labels, available, _) in measured)
        {
            writer.Sample("wakedock_volume_available_bytes", labels, available);
        }

        writer.BeginFamily("wakedock_volume_size_bytes", PrometheusMetricType.Gauge, "Size of the file system holding the folder.");
        foreach (var (labels, _, size) in measured)
        {
            writer.Sample("wakedock_volume_size_bytes", labels, size);
        }
    }

    private static (long Available, long Size)? Measure(string path)
    {
        var existing = System.IO.Path.GetFullPath(path);
        while (!Directory.Exists(existing) && System.IO.Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        try
        {
            var drive = new DriveInfo(existing);
            return drive.TotalSize > 0 ? (drive.AvailableFreeSpace, drive.TotalSize) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
