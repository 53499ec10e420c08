using System.Text.Json;
using System.Text.Json.Nodes;

namespace WakeDock.Contracts.Tests;

public sealed class SpecRoundTripTests
{
    [Fact]
    public void TheMetricsResponseExampleReadsIntoSamplesAndWritesBackEveryField()
    {
        var json = SpecExample.Text("metrics_response.json");

        var samples = JsonSerializer.Deserialize(json, WakeDockJson.Context.ListContainerSample)!;

        var sample = Assert.Single(samples);
        Assert.Equal("abc123", sample.ContainerId);
        Assert.Equal("web-server", sample.ContainerName);
        Assert.Equal("web", sample.ServiceName);
        Assert.Equal(new DateTimeOffset(2025, 1, 16, 10, 30, 0, TimeSpan.Zero), sample.Timestamp);
        Assert.Equal(25.5, sample.CpuPercent);
        Assert.Equal(536870912, sample.MemoryUsage);
        Assert.Equal(1073741824, sample.MemoryLimit);
        Assert.Equal(50.0, sample.MemoryPercent);
        Assert.Equal(1048576, sample.NetworkRxBytes);
        Assert.Equal(2097152, sample.NetworkTxBytes);
        Assert.Equal(15, sample.Pids);

        var written = JsonSerializer.Serialize(samples, WakeDockJson.Context.ListContainerSample);
        SpecExample.AssertContains(JsonNode.Parse(json)!, JsonNode.Parse(written)!);
        Assert.Equal(samples, JsonSerializer.Deserialize(written, WakeDockJson.Context.ListContainerSample)!);
    }

    [Fact]
    public void TimestampsAreWrittenAsTheSpecPrintsThemInUtc()
    {
        var sample = new ContainerSample { ContainerId = "abc123", Timestamp = new DateTimeOffset(2025, 1, 16, 11, 30, 0, TimeSpan.FromHours(1)) };

        var node = JsonNode.Parse(JsonSerializer.Serialize(sample, WakeDockJson.Context.ContainerSample))!;

        Assert.Equal("2025-01-16T10:30:00Z", node["timestamp"]!.GetValue<string>());
        var precise = sample with { Timestamp = new DateTimeOffset(2025, 1, 16, 10, 30, 0, 125, TimeSpan.Zero) };
        Assert.Equal("2025-01-16T10:30:00.125Z", JsonNode.Parse(JsonSerializer.Serialize(precise, WakeDockJson.Context.ContainerSample))!["timestamp"]!.GetValue<string>());
    }

    [Fact]
    public void TheAlertsResponseExampleReadsIntoAlertsAndWritesBackEveryField()
    {
        var json = SpecExample.Text("alerts_response.json");

        var alerts = JsonSerializer.Deserialize(json, WakeDockJson.Context.ListAlert)!;

        var alert = Assert.Single(alerts);
        Assert.Equal(AlertLevel.Critical, alert.Level);
        Assert.Equal(MetricType.CpuPercent, alert.MetricType);
        Assert.Equal(95.0, alert.Value);
        Assert.Equal(90.0, alert.Threshold);
        Assert.Equal("CPU critique: 95.0% (seuil: 90%)", alert.Message);
        Assert.Equal(AlertState.Firing, alert.State);

        var written = JsonSerializer.Serialize(alerts, WakeDockJson.Context.ListAlert);
        SpecExample.AssertContains(JsonNode.Parse(json)!, JsonNode.Parse(written)!);
        Assert.Equal(alerts, JsonSerializer.Deserialize(written, WakeDockJson.Context.ListAlert)!);
    }

    [Fact]
    public void TheThresholdBodyExampleRoundTrips()
    {
        var json = SpecExample.Text("threshold_put.json");

        var threshold = JsonSerializer.Deserialize(json, WakeDockJson.Context.Threshold)!;

        Assert.Equal(new Threshold { MetricType = MetricType.CpuPercent, WarningThreshold = 75, CriticalThreshold = 90, Enabled = true }, threshold);
        var written = JsonSerializer.Serialize(threshold, WakeDockJson.Context.Threshold);
        SpecExample.AssertContains(JsonNode.Parse(json)!, JsonNode.Parse(written)!);
    }

    [Fact]
    public void TheMetricsJsonlExampleReadsLineByLine()
    {
        var samples = SpecExample.Lines("metrics_2025-01-16.jsonl")
            .Select(line => JsonSerializer.Deserialize(line, WakeDockJson.Context.ContainerSample)!)
            .ToList();

        Assert.Equal(["abc123", "def456"], samples.Select(s => s.ContainerId));
        Assert.Equal([25.5, 15.2], samples.Select(s => s.CpuPercent));
        Assert.Equal(new DateTimeOffset(2025, 1, 16, 10, 30, 1, TimeSpan.Zero), samples[1].Timestamp);
    }

    [Fact]
    public void TheAlertsJsonlExampleKeepsItsAccentsAsUtf8()
    {
        var line = Assert.Single(SpecExample.Lines("alerts_2025-01-16.jsonl"));

        var alert = JsonSerializer.Deserialize(line, WakeDockJson.Context.Alert)!;
        var written = JsonSerializer.Serialize(alert, WakeDockJson.Context.Alert);

        Assert.Equal(AlertLevel.Warning, alert.Level);
        Assert.Equal("CPU élevé", alert.Message);
        Assert.Contains("\"message\":\"CPU élevé\"", written, StringComparison.Ordinal);
        SpecExample.AssertContains(JsonNode.Parse(line)!, JsonNode.Parse(written)!);
    }

    [Fact]
    public void DefaultsHoldForPropertiesAMessageLeavesOut()
    {
        var threshold = JsonSerializer.Deserialize("""{"metric_type":"memory_percent","warning_threshold":80,"critical_threshold":95}""", WakeDockJson.Context.Threshold)!;
        var batch = JsonSerializer.Deserialize("""{"host":"h"}""", WakeDockJson.Context.SampleBatch)!;

        Assert.True(threshold.Enabled);
        Assert.Equal(5, threshold.HysteresisPercent);
        Assert.Empty(batch.Samples);
        Assert.Empty(batch.Events);
    }

    [Theory]
    [InlineData("cpu_percent", MetricType.CpuPercent)]
    [InlineData("memory_percent", MetricType.MemoryPercent)]
    [InlineData("network_rx", MetricType.NetworkRx)]
    [InlineData("network_tx", MetricType.NetworkTx)]
    public void MetricTypesUseTheSpecNames(string name, MetricType type)
    {
        Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(type, WakeDockJson.Options));
        Assert.Equal(type, JsonSerializer.Deserialize<MetricType>($"\"{name}\"", WakeDockJson.Options));
        Assert.Equal(name, WireNames.Of(type));
        Assert.True(WireNames.TryParse<MetricType>(name, out var parsed));
        Assert.Equal(type, parsed);
    }

    [Fact]
    public void EveryEnumOfTheApiHasItsJsonNamesAsWireNamesInDeclarationOrder()
    {
        Assert.Equal(["warning", "critical"], WireNames.All<AlertLevel>());
        Assert.Equal(WireNames.All<MetricType>().Count, Enum.GetValues<MetricType>().Length);
        Assert.All(Enum.GetValues<AlertState>(), s => Assert.Equal($"\"{WireNames.Of(s)}\"", JsonSerializer.Serialize(s, WakeDockJson.Options)));
        Assert.All(Enum.GetValues<AgentCommandKind>(), k => Assert.Equal($"\"{WireNames.Of(k)}\"", JsonSerializer.Serialize(k, WakeDockJson.Options)));
        Assert.False(WireNames.TryParse<MetricType>("CpuPercent", out _));
        Assert.False(WireNames.TryParse<AlertLevel>("Critical", out _));
    }
}
