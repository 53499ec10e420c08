using WakeDock.EdgeAgent.Cgroups;
using WakeDock.ServiceDefaults.Prometheus;

namespace WakeDock.EdgeAgent.HostStats;

/// <summary>
/// The Docker host under node_exporter's series names, labels and meanings (its cpu, loadavg, meminfo,
/// filesystem, diskstats, netdev, stat and time collectors), read fresh at each scrape, so that
/// dashboards written for node_exporter show WakeDock's hosts unchanged. Only the root and Docker's data
/// file systems are listed; every interface, <c>lo</c> included, as node_exporter does.
/// </summary>
public sealed class NodeExporterCollector(HostMonitor host) : IPrometheusCollector
{
    private const double TicksPerSecond = Cgroups.SystemCpu.ClockTicksPerSecond;

    public void Collect(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!host.Reporting || !host.Reader.Available)
        {
            return;
        }

        HostSnapshot snapshot;
        try
        {
            snapshot = host.Reader.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return;
        }

        writer.BeginFamily("node_cpu_seconds_total", PrometheusMetricType.Counter, "Seconds the CPUs spent in each mode.");
        foreach (var (cpu, ticks) in snapshot.Cpus)
        {
            for (var mode = 0; mode < HostSnapshot.CpuModes.Length; mode++)
            {
                writer.Sample("node_cpu_seconds_total", [new("cpu", cpu), new("mode", HostSnapshot.CpuModes[mode])], ticks[mode] / TicksPerSecond);
            }
        }

        Gauge(writer, "node_load1", "1m load average.", snapshot.Load1);
        Gauge(writer, "node_load5", "5m load average.", snapshot.Load5);
        Gauge(writer, "node_load15", "15m load average.", snapshot.Load15);

        foreach (var (field, bytes) in snapshot.Memory)
        {
            // as node_exporter's meminfo collector: Active(anon) → node_memory_Active_anon_bytes
            var name = "node_memory_" + field.Replace('(', '_').Replace(")", "", StringComparison.Ordinal) + "_bytes";
            Gauge(writer, name, $"Memory information field {field}_bytes.", bytes);
        }

        WriteFilesystems(writer, snapshot.Filesystems);
        WriteDisks(writer, snapshot.Disks);
        WriteNetworks(writer, snapshot.Networks);

        Gauge(writer, "node_boot_time_seconds", "Node boot time, in unixtime.", snapshot.BootTimeSeconds);
        Gauge(writer, "node_time_seconds", "System time in seconds since epoch (1970).", snapshot.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
        if (host.Containers is { } containers)
        {
            writer.BeginFamily("wakedock_host_containers", PrometheusMetricType.Gauge, "The engine's containers by state.");
            writer.Sample("wakedock_host_containers", [new("state", "running")], containers.Running);
            writer.Sample("wakedock_host_containers", [new("state", "paused")], containers.Paused);
            writer.Sample("wakedock_host_containers", [new("state", "stopped")], containers.Stopped);
        }
    }

    private static void WriteFilesystems(PrometheusTextWriter writer, IReadOnlyList<FilesystemSpace> filesystems)
    {
        if (filesystems.Count == 0)
        {
            return;
        }

        foreach (var (name, help, value) in new (string, string, Func<FilesystemSpace, double>)[]
                 {
                     ("node_filesystem_size_bytes", "Filesystem size in bytes.", f => f.Size),
                     ("node_filesystem_free_bytes", "Filesystem free space in bytes.", f => f.Free),
                     ("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", f => f.Available),
                 })
        {
            writer.BeginFamily(name, PrometheusMetricType.Gauge, help);
            foreach (var filesystem in filesystems)
            {
                writer.Sample(name, [new("device", filesystem.Device), new("fstype", filesystem.Fstype), new("mountpoint", filesystem.Mountpoint)], value(filesystem));
            }
        }
    }

    private static void WriteDisks(PrometheusTextWriter writer, IReadOnlyList<DiskCounters> disks)
    {
        if (disks.Count == 0)
        {
            return;
        }

        foreach (var (name, type, help, value) in new (string, PrometheusMetricType, string, Func<DiskCounters, double>)[]
                 {
                     ("node_disk_reads_completed_total", PrometheusMetricType.Counter, "The total number of reads completed successfully.", d => d.Reads),
                     ("node_disk_writes_completed_total", PrometheusMetricType.Counter, "The total number of writes completed successfully.", d => d.Writes),
                     ("node_disk_read_bytes_total", PrometheusMetricType.Counter, "The total number of bytes read successfully.", d => d.SectorsRead * 512.0),
                     ("node_disk_written_bytes_total", PrometheusMetricType.Counter, "The total number of bytes written successfully.", d => d.SectorsWritten * 512.0),
                     ("node_disk_read_time_seconds_total", PrometheusMetricType.Counter, "The total number of seconds spent by all reads.", d => d.ReadMilliseconds / 1000.0),
                     ("node_disk_write_time_seconds_total", PrometheusMetricType.Counter, "This is the total number of seconds spent by all writes.", d => d.WriteMilliseconds / 1000.0),
                     ("node_disk_io_now", PrometheusMetricType.Gauge, "The number of I/Os currently in progress.", d => d.InProgress),
                     ("node_disk_io_time_seconds_total", PrometheusMetricType.Counter, "Total seconds spent doing I/Os.", d => d.IoMilliseconds / 1000.0),
                     ("node_disk_io_time_weighted_seconds_total", PrometheusMetricType.Counter, "The weighted # of seconds spent doing I/Os.", d => d.WeightedIoMilliseconds / 1000.0),
                 })
        {
            writer.BeginFamily(name, type, help);
            foreach (var disk in disks)
            {
                writer.Sample(name, [new("device", disk.Device)], value(disk));
            }
        }
    }

    private static void WriteNetworks(PrometheusTextWriter writer, IReadOnlyList<InterfaceCounters> networks)
    {
        foreach (var (name, help, value) in new (string, string, Func<InterfaceCounters, double>)[]
                 {
                     ("node_network_receive_bytes_total", "Network device statistic receive_bytes.", n => n.RxBytes),
                     ("node_network_receive_packets_total", "Network device statistic receive_packets.", n => n.RxPackets),
                     ("node_network_receive_errs_total", "Network device statistic receive_errs.", n => n.RxErrors),
                     ("node_network_receive_drop_total", "Network device statistic receive_drop.", n => n.RxDropped),
                     ("node_network_transmit_bytes_total", "Network device statistic transmit_bytes.", n => n.TxBytes),
                     ("node_network_transmit_packets_total", "Network device statistic transmit_packets.", n => n.TxPackets),
                     ("node_network_transmit_errs_total", "Network device statistic transmit_errs.", n => n.TxErrors),
                     ("node_network_transmit_drop_total", "Network device statistic transmit_drop.", n => n.TxDropped),
                 })
        {
            writer.BeginFamily(name, PrometheusMetricType.Counter, help);
            foreach (var network in networks)
            {
                writer.Sample(name, [new("device", network.Device)], value(network));
            }
        }
    }

    private static void Gauge(PrometheusTextWriter writer, string name, string help, double value)
    {
        writer.BeginFamily(name, PrometheusMetricType.Gauge, help);
        writer.Sample(name, [], value);
    }
}
