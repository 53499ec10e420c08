using WakeDock.Observability.Tests.Support;

namespace WakeDock.Observability.Tests.Dashboards;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("sum by (host, name) (rate(container_cpu_usage_seconds_total{cpu=\"total\", host=~\"$host\"}[$__rate_interval])) * 100", "container_cpu_usage_seconds_total")]
    [InlineData("histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{endpoint!=\"/metrics\"}[5m])))", "http_request_duration_seconds_bucket")]
    [InlineData("container_memory_working_set_bytes / (container_spec_memory_limit_bytes > 0) * 100", "container_memory_working_set_bytes container_spec_memory_limit_bytes")]
    [InlineData("count(ALERTS{alertstate=\"firing\"}) or vector(0)", "ALERTS")]
    [InlineData("max by (name) (time() - container_last_seen{name=~\"a|b\"})", "container_last_seen")]
    [InlineData("sum(rate(x_total{status=~\"5..\"}[5m])) / on (instance) group_left (job) up offset 5m", "x_total up")]
    [InlineData("1e3 * 2", "")]
    public void MetricNamesAreWhatIsLeftOnceLabelsFunctionsAndKeywordsAreGone(string expression, string names)
        => Assert.Equal(names.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(), PromQl.MetricNames(expression).Order());

    [Fact]
    public void VariablesBecomeMatchAnythingAndIntervalsDurations()
        => Assert.Equal("rate(x{host=~\".*\", name=~\".*\"}[1m])", PromQl.WithVariables("rate(x{host=~\"$host\", name=~\"${container}\"}[$__rate_interval])"));
}
