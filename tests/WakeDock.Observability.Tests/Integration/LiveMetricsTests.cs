using System.Globalization;
using System.Text.Json;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Integration;

public sealed class LiveMetricsTests(LiveDeployment live) : IClassFixture<LiveDeployment>
{
    /// <summary>Series Prometheus makes itself rather than scraping them.</summary>
    private static readonly string[] MadeByPrometheus = ["ALERTS", "up"];

    [Fact]
    public async Task ALiveScrapeWithRealContainersPassesPromtoolCheckMetrics()
    {
        await live.StartAsync();
        live.Promtool.Require();

        var scrape = await live.ScrapeAsync();
        var check = await live.Promtool.CheckMetricsAsync(scrape.Text);

        Assert.True(check.ExitCode == 0, $"promtool check metrics failed:\n{check.Combined}\n---\n{scrape.Text}");
        var holder = scrape.Of("container_memory_working_set_bytes", ("name", live.Holder!.Name)).Single();
        Assert.Equal("/docker/" + live.Holder.Id, holder.Label("id"));
        Assert.Equal(live.AgentHost, holder.Label("host"));
        Assert.Equal("wdt-holder", holder.Label("service"));
        Assert.Equal("wdt-holder", holder.Label("container_label_com_docker_compose_service"));
        Assert.Equal(live.Docker.Image, holder.Label("image"));
        foreach (var family in new[] { "container_cpu_usage_seconds_total", "container_spec_memory_limit_bytes", "container_network_receive_bytes_total",
            "container_fs_writes_bytes_total", "container_threads", "http_requests_total", "wakedock_agent_spool_depth", "wakedock_ingest_samples_total",
            "dotnet_gc_collections_total", "wakedock_volume_available_bytes" })
        {
            Assert.Contains(family, scrape.Types.Keys);
        }
    }

    [Fact]
    public async Task TheContainersMemoryAndCpuAreWhatTheyReallyUse()
    {
        await live.StartAsync();
        var first = await live.ScrapeAsync();
        var usedBefore = await CgroupCpuSecondsAsync(live.Burner!.Id);
        // the thing measured: the CPU the burner uses over 8 s of the system clock, by the scrape and by the cgroup
        await Task.Delay(TimeSpan.FromSeconds(8), TestContext.Current.CancellationToken);
        var second = await live.ScrapeAsync();
        var used = await CgroupCpuSecondsAsync(live.Burner.Id) - usedBefore;

        var held = second.Value("container_memory_working_set_bytes", ("name", live.Holder!.Name));
        var burned = second.Value("container_cpu_usage_seconds_total", ("name", live.Burner.Name)) - first.Value("container_cpu_usage_seconds_total", ("name", live.Burner.Name));
        var idle = second.Value("container_cpu_usage_seconds_total", ("name", live.Holder.Name)) - first.Value("container_cpu_usage_seconds_total", ("name", live.Holder.Name));

        Assert.InRange(held, LiveDeployment.HeldMegabytes * 1024.0 * 1024, (LiveDeployment.HeldMegabytes + 32) * 1024.0 * 1024);
        // against the cgroup's own CPU time over the same 8 s: the scrape's samples lag it by up to a collection
        // interval and an ingest, so a loaded machine, whose burner gets less than a core, still agrees within half
        Assert.True(used > 0.2, $"the burner got only {used:F2} CPU seconds in 8 s");
        Assert.InRange(burned, used * 0.5, used * 1.5 + 0.2);
        Assert.InRange(idle, 0, 0.4);
        Assert.True(second.Value("container_last_seen", ("name", live.Burner.Name)) >= DateTimeOffset.UtcNow.AddSeconds(-10).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task ARealPrometheusScrapesTheHostAndAnswersForATestContainersMemory()
    {
        var prometheus = await live.PrometheusAsync();
        var query = $"container_memory_working_set_bytes{{name=\"{live.Holder!.Name}\"}}";

        var result = await EventuallyAsync(prometheus, query, r => r.GetArrayLength() == 1);
        var up = await EventuallyAsync(prometheus, "up{job=\"wakedock-functions\"}", r => r.GetArrayLength() == 1 && Value(r[0]) == 1);
        var rules = await prometheus.GetDataAsync("api/v1/rules", TestContext.Current.CancellationToken);

        Assert.InRange(Value(result[0]), LiveDeployment.HeldMegabytes * 1024.0 * 1024, (LiveDeployment.HeldMegabytes + 32) * 1024.0 * 1024);
        Assert.Equal(live.AgentHost, result[0].GetProperty("metric").GetProperty("host").GetString());
        Assert.Equal("wakedock-functions", up[0].GetProperty("metric").GetProperty("job").GetString());
        var loaded = rules.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        Assert.Equal(16, loaded.Count);
        Assert.All(loaded, r => Assert.NotEqual("err", r.GetProperty("health").GetString()));
    }

    [Fact]
    public async Task EveryDashboardQueryReadsOnlyMetricsTheHostExposesAndPrometheusRunsItWithoutError()
    {
        var prometheus = await live.PrometheusAsync();
        var scrape = await live.ScrapeAsync();
        var exposed = scrape.MetricNames;
        await EventuallyAsync(prometheus, "up{job=\"wakedock-functions\"}", r => r.GetArrayLength() == 1);

        var queries = GrafanaDashboards.Queries().ToList();
        Assert.True(queries.Count > 60, $"only {queries.Count} queries found");
        foreach (var query in queries)
        {
            foreach (var metric in PromQl.MetricNames(query.Expression))
            {
                Assert.True(exposed.Contains(metric) || MadeByPrometheus.Contains(metric),
                    $"{query.Dashboard} / {query.Where}: {metric} is not in the host's /metrics ({query.Expression})");
            }

            // syntax and semantics as Prometheus itself sees them; an error answer throws with its message
            await prometheus.QueryAsync(PromQl.WithVariables(query.Expression), TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task CollectPublishIngestStoreAndBroadcastAreOneTrace()
    {
        await live.StartAsync();

        var publish = live.Spans.Spans.First(s => s.OperationName == "publish samples" && (string?)s.GetTagItem("wakedock.host") == live.AgentHost
            && (string?)s.GetTagItem("wakedock.publish.outcome") == "accepted");
        var trace = live.Spans.InTrace(publish.TraceId).ToList();
        var collect = trace.Single(s => s.OperationName == "collect");
        var ingest = trace.Single(s => s.OperationName == "ingest samples");

        Assert.Equal(collect.SpanId, publish.ParentSpanId);
        Assert.Equal(publish.SpanId, ingest.ParentSpanId);
        Assert.Equal("inprocess", publish.GetTagItem("wakedock.publish.target"));
        Assert.Equal(publish.GetTagItem("messaging.message.id"), ingest.GetTagItem("messaging.message.id"));
        Assert.Equal(["broadcast", "store"], trace.Where(s => s.ParentSpanId == ingest.SpanId).Select(s => s.OperationName).Order());
    }

    /// <summary>The CPU time the container's cgroup has used (cpuacct on cgroup v1, cpu.stat on v2), read inside it.</summary>
    private async Task<double> CgroupCpuSecondsAsync(string container)
    {
        var text = await live.Docker.DockerAsync("exec", container, "sh", "-c",
            "cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null || awk '/^usage_usec/ {print $2 * 1000}' /sys/fs/cgroup/cpu.stat");
        return double.Parse(text.Trim(), CultureInfo.InvariantCulture) / 1e9;
    }

    private static double Value(JsonElement series) => double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    private static async Task<JsonElement> EventuallyAsync(WakeDock.Testing.PrometheusServer prometheus, string query, Func<JsonElement, bool> done)
    {
        JsonElement result = default;
        await Eventually.TrueAsync(async () =>
        {
            result = (await prometheus.QueryAsync(query, TestContext.Current.CancellationToken)).GetProperty("result");
            return done(result);
        }, TimeSpan.FromSeconds(60), () => $"{query} gave {result}\n{prometheus.Log}", TestContext.Current.CancellationToken, every: TimeSpan.FromMilliseconds(500));
        return result;
    }
}
