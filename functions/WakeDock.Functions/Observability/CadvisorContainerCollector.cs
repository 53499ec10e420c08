using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.ServiceDefaults.Prometheus;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Observability;

namespace WakeDock.Functions.Observability;

/// <summary>
/// Every monitored container's latest sample under cAdvisor's metric names and labels, so that container
/// dashboards and rules written for cAdvisor work on WakeDock unchanged. Labels: <c>id</c>
/// (<c>/docker/&lt;container id&gt;</c>, cAdvisor's cgroup name for Docker), <c>name</c>, <c>image</c>,
/// <c>container_label_com_docker_compose_service</c> (cAdvisor's form of the compose label) and WakeDock's
/// <c>host</c> and <c>service</c>. Values are what the agent measured (the docker CLI's figures): memory
/// usage is already net of the inactive file cache, so <c>container_memory_usage_bytes</c> equals
/// <c>container_memory_working_set_bytes</c>; network and block I/O are totals over all interfaces and
/// devices; <c>container_threads</c> is the pids cgroup's task count (docker's PIDS);
/// <c>container_last_seen</c> is the sample's time. Containers silent for longer than
/// <see cref="ObservabilityOptions.ContainerStaleAfter"/> are left out.
/// </summary>
public sealed class CadvisorContainerCollector(RecentSamples recent, ContainerCpuTime cpu, TimeProvider time, IOptions<ObservabilityOptions> options)
    : IPrometheusCollector
{
    private static readonly Family[] Families =
    [
        new("container_cpu_usage_seconds_total", PrometheusMetricType.Counter, "Cumulative cpu time consumed in seconds (integrated from the samples' cpu_percent).", null),
        new("container_memory_usage_bytes", PrometheusMetricType.Gauge, "Current memory usage in bytes, net of the inactive file cache as docker stats shows it.", s => s.MemoryUsage),
        new("container_memory_working_set_bytes", PrometheusMetricType.Gauge, "Current working set in bytes.", s => s.MemoryUsage),
        new("container_spec_memory_limit_bytes", PrometheusMetricType.Gauge, "Memory limit for the container (the host's memory when it has none).", s => s.MemoryLimit),
        new("container_network_receive_bytes_total", PrometheusMetricType.Counter, "Cumulative count of bytes received, all interfaces.", s => s.NetworkRxBytes),
        new("container_network_transmit_bytes_total", PrometheusMetricType.Counter, "Cumulative count of bytes transmitted, all interfaces.", s => s.NetworkTxBytes),
        new("container_fs_reads_bytes_total", PrometheusMetricType.Counter, "Cumulative count of bytes read, all block devices.", s => s.BlockReadBytes),
        new("container_fs_writes_bytes_total", PrometheusMetricType.Counter, "Cumulative count of bytes written, all block devices.", s => s.BlockWriteBytes),
        new("container_threads", PrometheusMetricType.Gauge, "Number of tasks (processes and threads) in the container's pids cgroup.", s => s.Pids),
        new("container_last_seen", PrometheusMetricType.Gauge, "Last time the container was sampled, seconds since the Unix epoch.", s => s.Timestamp.ToUnixTimeMilliseconds() / 1000.0),
    ];

    private readonly ObservabilityOptions _options = options.Value;

    public void Collect(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        cpu.ForgetSilentSince(recent.Floor);
        var now = time.GetUtcNow();
        var containers = new List<(ContainerSample Sample, KeyValuePair<string, string>[] Labels, double CpuSeconds)>();
        foreach (var sample in recent.Latest(SampleFilter.All))
        {
            var account = cpu.Of(sample.ContainerId);
            var staleAfter = TimeSpan.FromSeconds(Math.Max(_options.ContainerStaleAfter.TotalSeconds, 3 * (account?.IntervalSeconds ?? 0)));
            if (now - sample.Timestamp <= staleAfter)
            {
                containers.Add((sample, Labels(sample), account?.Seconds ?? 0));
            }
        }

        if (containers.Count == 0)
        {
            return;
        }

        containers.Sort((a, b) => string.CompareOrdinal(a.Sample.Host + "\u0001" + a.Sample.ContainerName, b.Sample.Host + "\u0001" + b.Sample.ContainerName));
        foreach (var family in Families)
        {
            writer.BeginFamily(family.Name, family.Type, family.Help);
            foreach (var (sample, labels, cpuSeconds) in containers)
            {
                writer.Sample(family.Name, family.Value is null ? [.. labels, new("cpu", "total")] : labels, family.Value?.Invoke(sample) ?? cpuSeconds);
            }
        }
    }

    /// <summary>cAdvisor's labels (empty values are left out: Prometheus reads an empty label as no label).</summary>
    public static KeyValuePair<string, string>[] Labels(ContainerSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var labels = new List<KeyValuePair<string, string>>(6);
        if (!string.IsNullOrEmpty(sample.ServiceName))
        {
            labels.Add(new("container_label_com_docker_compose_service", sample.ServiceName));
        }

        if (!string.IsNullOrEmpty(sample.Host))
        {
            labels.Add(new("host", sample.Host));
        }

        labels.Add(new("id", "/docker/" + sample.ContainerId));
        if (!string.IsNullOrEmpty(sample.Image))
        {
            labels.Add(new("image", sample.Image));
        }

        labels.Add(new("name", string.IsNullOrEmpty(sample.ContainerName) ? sample.ContainerId : sample.ContainerName));
        if (!string.IsNullOrEmpty(sample.ServiceName))
        {
            labels.Add(new("service", sample.ServiceName));
        }

        return [.. labels];
    }

    private sealed record Family(string Name, PrometheusMetricType Type, string Help, Func<ContainerSample, double>? Value);
}
