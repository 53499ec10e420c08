using WakeDock.Testing;

namespace WakeDock.Integration.Tests;

public sealed class PromtoolSmokeTests(PromtoolFixture promtool) : IClassFixture<PromtoolFixture>
{
    [Fact]
    public async Task AValidExpositionPassesAndABrokenOneFails()
    {
        promtool.Require();
        const string valid = """
            # HELP wakedock_ingest_samples_total Samples accepted by ingest.
            # TYPE wakedock_ingest_samples_total counter
            wakedock_ingest_samples_total{host="h1"} 1027
            # HELP http_request_duration_seconds Request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.1"} 3
            http_request_duration_seconds_bucket{le="+Inf"} 4
            http_request_duration_seconds_sum 0.42
            http_request_duration_seconds_count 4

            """;
        const string broken = "# TYPE wakedock_x counter\nwakedock_x{host=\"h1\" 1\n";

        var good = await promtool.CheckMetricsAsync(valid);
        var bad = await promtool.CheckMetricsAsync(broken);

        Assert.True(good.ExitCode == 0, good.Combined);
        Assert.NotEqual(0, bad.ExitCode);
    }
}
