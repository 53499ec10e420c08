using WakeDock.Pipeline.Hosting;
using WakeDock.Testing.Architecture;

namespace WakeDock.Pipeline.Tests.Architecture;

/// <summary>
/// The pipeline's folders are layers (docs/pipeline.md, "Layers"): no cycle between namespaces, and no namespace uses one of a
/// higher layer. A new folder must be given its place here.
/// </summary>
public sealed class LayerTests() : LayerRules(Pipeline)
{
    public static readonly NamespaceLayering Pipeline = new(typeof(PipelineServices).Assembly, "WakeDock.Pipeline",
    [
        "Telemetry", "Options",
        "Storage", "Storage.Local", "Storage.Azure",
        "Alerts", "Alerts.Notifications",
        "Tiers",
        "Ingest",
        "Thresholds", "Hosts", "Live", "Observability",
        "Query",
        "Predictions",
        "ScaleOut",
        "Triggers",
        "Hosting",
    ]);

    [Fact]
    public void TheChecksSeeThePipelinesUsesOneWay()
    {
        // Ingest uses Alerts (lower): seen as a dependency one way only.
        Assert.NotEmpty(Pipeline.TypesUsing("WakeDock.Pipeline.Ingest", ["WakeDock.Pipeline.Alerts"]));
        Assert.Empty(Pipeline.TypesUsing("WakeDock.Pipeline.Alerts", ["WakeDock.Pipeline.Ingest"]));
        Assert.Contains("WakeDock.Pipeline.Ingest.BatchIngest", Pipeline.TypesUsing("WakeDock.Pipeline.Ingest", ["WakeDock.Pipeline.Storage"]));
    }
}
