using Microsoft.Extensions.Options;
using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Observability;
using WakeDock.Pipeline.Query;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Metrics;

public sealed class CadvisorContainerCollectorTests(PromtoolFixture promtool) : IClassFixture<PromtoolFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EachContainersLatestSampleIsExposedUnderCadvisorsNamesAndLabels()
    {
        var (collector, recent, cpu, _) = Collector();
        var web = Batches.Sample("0123456789ab", Now.AddSeconds(-10), cpu: 20, memory: 300_000_000, sequence: 1, host: "edge-1", service: "web", name: "shop-web-1", image: "nginx:1.27");
        var webNow = web with { Timestamp = Now.AddSeconds(-5), CpuPercent = 60, MemoryUsage = 310_000_000, NetworkRxBytes = 7000, NetworkTxBytes = 3000, BlockReadBytes = 11, BlockWriteBytes = 22, Pids = 9 };
        var lone = Batches.Sample("fedcba987654", Now.AddSeconds(-5), cpu: 5, host: "edge-2", service: null, image: null) with { ContainerName = null };
        Ingest(recent, cpu, [web, lone]);
        Ingest(recent, cpu, [webNow]);

        var scrape = HttpRequestMetricsTests.Scrape(collector);
        promtool.Require();
        var check = await promtool.CheckMetricsAsync(scrape.Text);

        Assert.True(check.ExitCode == 0, check.Combined + "\n" + scrape.Text);
        var labels = scrape.Of("container_memory_working_set_bytes", ("name", "shop-web-1")).Single().Labels;
        Assert.Equal(new Dictionary<string, string>
        {
            ["id"] = "/docker/0123456789ab", ["name"] = "shop-web-1", ["image"] = "nginx:1.27", ["host"] = "edge-1", ["service"] = "web",
            ["container_label_com_docker_compose_service"] = "web",
        }, labels);
        (string, string)[] of = [("name", "shop-web-1")];
        Assert.Equal(310_000_000, scrape.Value("container_memory_working_set_bytes", of));
        Assert.Equal(310_000_000, scrape.Value("container_memory_usage_bytes", of));
        Assert.Equal(1_000_000_000, scrape.Value("container_spec_memory_limit_bytes", of));
        Assert.Equal(7000, scrape.Value("container_network_receive_bytes_total", of));
        Assert.Equal(3000, scrape.Value("container_network_transmit_bytes_total", of));
        Assert.Equal(11, scrape.Value("container_fs_reads_bytes_total", of));
        Assert.Equal(22, scrape.Value("container_fs_writes_bytes_total", of));
        Assert.Equal(9, scrape.Value("container_threads", of));
        Assert.Equal(webNow.Timestamp.ToUnixTimeSeconds(), scrape.Value("container_last_seen", of));
        Assert.Equal(0.2 * 5 + 0.6 * 5, scrape.Value("container_cpu_usage_seconds_total", [.. of, ("cpu", "total")]), 9);
        Assert.Equal("counter", scrape.Types["container_cpu_usage_seconds_total"]);
        Assert.Equal("gauge", scrape.Types["container_memory_working_set_bytes"]);

        // no compose service, no name, no image: cAdvisor's fallbacks, no empty labels
        var loneLabels = scrape.Of("container_threads", ("id", "/docker/fedcba987654")).Single().Labels;
        Assert.Equal(new Dictionary<string, string> { ["id"] = "/docker/fedcba987654", ["name"] = "fedcba987654", ["host"] = "edge-2" }, loneLabels);
    }

    [Fact]
    public void AContainerSilentLongerThanTheStaleTimeIsLeftOut()
    {
        var (collector, recent, cpu, _) = Collector(staleAfter: TimeSpan.FromMinutes(1));
        Ingest(recent, cpu, [Batches.Sample("live", Now.AddSeconds(-50)), Batches.Sample("gone", Now.AddSeconds(-70))]);
        // a slow agent (interval 60 s): three intervals of silence are still fine
        Ingest(recent, cpu, [Batches.Sample("slow", Now.AddSeconds(-170))], interval: 60);

        var scrape = HttpRequestMetricsTests.Scrape(collector);

        Assert.Equal(["/docker/live", "/docker/slow"], scrape.Of("container_last_seen").Select(s => s.Label("id")).Order());
    }

    [Fact]
    public void NothingIsWrittenWithoutContainers()
    {
        var (collector, _, _, _) = Collector();

        Assert.Empty(HttpRequestMetricsTests.Scrape(collector).Text);
    }

    private static void Ingest(RecentSamples recent, ContainerCpuTime cpu, IReadOnlyList<WakeDock.Contracts.ContainerSample> samples, double interval = 5)
    {
        recent.Add(samples);
        cpu.Add(samples, interval);
    }

    private static (CadvisorContainerCollector Collector, RecentSamples Recent, ContainerCpuTime Cpu, ManualTimeProvider Time) Collector(TimeSpan? staleAfter = null)
    {
        var time = new ManualTimeProvider(Now);
        var recent = new RecentSamples(time, TimeSpan.FromHours(2));
        var cpu = new ContainerCpuTime();
        var options = Options.Create(new ObservabilityOptions { ContainerStaleAfter = staleAfter ?? TimeSpan.FromMinutes(1) });
        return (new CadvisorContainerCollector(recent, cpu, time, options), recent, cpu, time);
    }
}
