using System.Buffers.Text;
using System.Text;
using WakeDock.EdgeAgent.Cgroups;
using WakeDock.EdgeAgent.Sampling;
using WakeDock.ServiceDefaults.Prometheus;

namespace WakeDock.EdgeAgent.HostStats;

/// <summary>
/// The containers read from their cgroup files, under cAdvisor's series names, labels
/// (<c>id</c> = the cgroup path, <c>name</c>, <c>image</c>, <c>container_label_com_docker_compose_service</c>) and
/// meanings, read fresh at each scrape, plus <c>machine_cpu_cores</c> and <c>machine_memory_bytes</c>, so that
/// dashboards written for cAdvisor show WakeDock's containers unchanged. Containers read through the Engine
/// API (no files visible) are not listed here.
/// </summary>
public sealed class CadvisorCollector(MonitoredContainers containers, HostMonitor host, TimeProvider time) : IPrometheusCollector
{
    private const double TicksPerSecond = SystemCpu.ClockTicksPerSecond;

    // cAdvisor's spec values above 2^62 mean "no limit" and are written as 0
    private const ulong Unlimited = 1UL << 62;

    public void Collect(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var readings = new List<(KeyValuePair<string, string>[] Labels, ContainerCounters Counters)>();
        foreach (var container in containers.Snapshot())
        {
            if (container.Cgroup is not { } cgroup)
            {
                continue;
            }

            try
            {
                readings.Add((Labels(container, cgroup), ContainerCounters.Read(cgroup, host.Reader.HostRoot)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // stopped between the listing and the scrape
            }
        }

        if (host.Reporting && host.Reader.Available)
        {
            try
            {
                var snapshot = host.Reader.Read();
                writer.BeginFamily("machine_cpu_cores", PrometheusMetricType.Gauge, "Number of logical CPU cores.");
                writer.Sample("machine_cpu_cores", [], snapshot.Cpus.Count);
                writer.BeginFamily("machine_memory_bytes", PrometheusMetricType.Gauge, "Amount of memory installed on the machine.");
                writer.Sample("machine_memory_bytes", [], snapshot.MemoryField("MemTotal"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        if (readings.Count == 0)
        {
            return;
        }

        Family(writer, readings, "container_cpu_usage_seconds_total", PrometheusMetricType.Counter, "Cumulative cpu time consumed in seconds.",
            c => c.CpuNanoseconds / 1e9, [new("cpu", "total")]);
        Family(writer, readings, "container_cpu_user_seconds_total", PrometheusMetricType.Counter, "Cumulative user cpu time consumed in seconds.", c => c.UserSeconds);
        Family(writer, readings, "container_cpu_system_seconds_total", PrometheusMetricType.Counter, "Cumulative system cpu time consumed in seconds.", c => c.SystemSeconds);
        Family(writer, readings, "container_memory_usage_bytes", PrometheusMetricType.Gauge, "Current memory usage in bytes, including all memory regardless of when it was accessed",
            c => c.MemoryUsage);
        Family(writer, readings, "container_memory_working_set_bytes", PrometheusMetricType.Gauge, "Current working set in bytes.", c => c.WorkingSet);
        Family(writer, readings, "container_memory_cache", PrometheusMetricType.Gauge, "Number of bytes of page cache memory.", c => c.Cache);
        Family(writer, readings, "container_memory_rss", PrometheusMetricType.Gauge, "Size of RSS in bytes.", c => c.Rss);
        Family(writer, readings, "container_memory_swap", PrometheusMetricType.Gauge, "Container swap usage in bytes.", c => c.Swap);
        Family(writer, readings, "container_memory_mapped_file", PrometheusMetricType.Gauge, "Size of memory mapped files in bytes.", c => c.MappedFile);
        Family(writer, readings, "container_spec_memory_limit_bytes", PrometheusMetricType.Gauge, "Memory limit for the container.",
            c => c.MemoryLimit >= Unlimited ? 0 : c.MemoryLimit);
        Family(writer, readings, "container_spec_cpu_period", PrometheusMetricType.Gauge, "CPU period of the container.", c => c.CpuPeriod);
        Family(writer, readings, "container_spec_cpu_shares", PrometheusMetricType.Gauge, "CPU share of the container.", c => c.CpuShares);
        // as cAdvisor: only containers with a quota have this series
        Family(writer, readings.Where(r => r.Counters.CpuQuota > 0).ToList(), "container_spec_cpu_quota", PrometheusMetricType.Gauge, "CPU quota of the container.",
            c => c.CpuQuota);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        Family(writer, readings, "container_last_seen", PrometheusMetricType.Gauge, "Last time a container was seen by the exporter", _ => now);

        InterfaceFamily(writer, readings, "container_network_receive_bytes_total", "Cumulative count of bytes received", n => n.RxBytes);
        InterfaceFamily(writer, readings, "container_network_receive_packets_total", "Cumulative count of packets received", n => n.RxPackets);
        InterfaceFamily(writer, readings, "container_network_receive_errors_total", "Cumulative count of errors encountered while receiving", n => n.RxErrors);
        InterfaceFamily(writer, readings, "container_network_receive_packets_dropped_total", "Cumulative count of packets dropped while receiving", n => n.RxDropped);
        InterfaceFamily(writer, readings, "container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", n => n.TxBytes);
        InterfaceFamily(writer, readings, "container_network_transmit_packets_total", "Cumulative count of packets transmitted", n => n.TxPackets);
        InterfaceFamily(writer, readings, "container_network_transmit_errors_total", "Cumulative count of errors encountered while transmitting", n => n.TxErrors);
        InterfaceFamily(writer, readings, "container_network_transmit_packets_dropped_total", "Cumulative count of packets dropped while transmitting", n => n.TxDropped);

        DeviceFamily(writer, readings, "container_fs_reads_bytes_total", "Cumulative count of bytes read", d => d.Read);
        DeviceFamily(writer, readings, "container_fs_writes_bytes_total", "Cumulative count of bytes written", d => d.Write);
    }

    private static KeyValuePair<string, string>[] Labels(MonitoredContainer container, ContainerCgroup cgroup)
    {
        var labels = new List<KeyValuePair<string, string>>(4);
        if (container.Identity.ServiceName is { } service)
        {
            labels.Add(new("container_label_com_docker_compose_service", service));
        }

        labels.Add(new("id", cgroup.Id));
        labels.Add(new("image", container.Identity.Image ?? ""));
        labels.Add(new("name", container.Identity.Name ?? container.Identity.Id));
        return [.. labels];
    }

    private static void Family(PrometheusTextWriter writer, List<(KeyValuePair<string, string>[] Labels, ContainerCounters Counters)> readings, string name,
        PrometheusMetricType type, string help, Func<ContainerCounters, double> value, KeyValuePair<string, string>[]? extra = null)
    {
        if (readings.Count == 0)
        {
            return;
        }

        writer.BeginFamily(name, type, help);
        foreach (var (labels, counters) in readings)
        {
            writer.Sample(name, extra is null ? labels : [.. extra, .. labels], value(counters));
        }
    }

    private static void InterfaceFamily(PrometheusTextWriter writer, List<(KeyValuePair<string, string>[] Labels, ContainerCounters Counters)> readings, string name,
        string help, Func<InterfaceCounters, double> value)
    {
        if (!readings.Exists(r => r.Counters.Interfaces.Count > 0))
        {
            return;
        }

        writer.BeginFamily(name, PrometheusMetricType.Counter, help);
        foreach (var (labels, counters) in readings)
        {
            foreach (var network in counters.Interfaces)
            {
                writer.Sample(name, [new("interface", network.Device), .. labels], value(network));
            }
        }
    }

    private static void DeviceFamily(PrometheusTextWriter writer, List<(KeyValuePair<string, string>[] Labels, ContainerCounters Counters)> readings, string name,
        string help, Func<(string Device, ulong Read, ulong Write), double> value)
    {
        if (!readings.Exists(r => r.Counters.Devices.Count > 0))
        {
            return;
        }

        writer.BeginFamily(name, PrometheusMetricType.Counter, help);
        foreach (var (labels, counters) in readings)
        {
            foreach (var device in counters.Devices)
            {
                writer.Sample(name, [new("device", device.Device), .. labels], value(device));
            }
        }
    }
}
