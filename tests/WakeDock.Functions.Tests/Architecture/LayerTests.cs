using WakeDock.Functions.Hosting;
using WakeDock.Pipeline.Hosting;

namespace WakeDock.Functions.Tests.Architecture;

/// <summary>
/// The functions' folders are layers (docs/architecture.md): no cycle between namespaces, and no namespace uses one of a
/// higher layer. A new folder must be given its place here.
/// </summary>
public sealed class LayerTests
{
    public static readonly NamespaceLayers Pipeline = new(typeof(PipelineServices).Assembly, "WakeDock.Pipeline",
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
        "Hosting");

    public static readonly NamespaceLayers Functions = new(typeof(HostingExtensions).Assembly, "WakeDock.Functions",
        "Status", "Security", "Http", "Health", "Observability",
        "Triggers.Timers", "Triggers.Queues", "Triggers.Http", "Triggers",
        "Embedded",
        "Api",
        "Live", "Live.Azure",
        "Hosting");

    public static TheoryData<string> Assemblies => ["pipeline", "functions"];

    private static NamespaceLayers Of(string assembly) => assembly == "pipeline" ? Pipeline : Functions;

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_namespace_has_its_place_in_the_layers(string assembly)
    {
        var layers = Of(assembly);

        Assert.Equal(layers.Layers.Order(StringComparer.Ordinal), layers.Namespaces);
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_namespace_uses_a_higher_layer(string assembly)
    {
        var layers = Of(assembly);

        var offences = layers.Layers
            .Select((ns, i) => (Namespace: ns, Types: layers.TypesUsing(ns, layers.Layers.Skip(i + 1))))
            .Where(o => o.Types.Count > 0)
            .Select(o => $"{o.Namespace} uses a higher layer in {string.Join(", ", o.Types)}")
            .ToList();

        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_cycle_between_namespaces(string assembly)
    {
        var graph = Of(assembly).Graph();
        var cycles = NamespaceLayers.Cycles(graph);

        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(c =>
            string.Join(" ⇄ ", c) + ": " + string.Join("; ", c.Select(ns => $"{ns} → {string.Join(", ", graph[ns].Intersect(c))}")))));
    }

    [Fact]
    public void The_checks_see_a_use_of_a_higher_layer_and_a_cycle()
    {
        // Ingest uses Alerts (lower): seen as a dependency one way only.
        Assert.NotEmpty(Pipeline.TypesUsing("WakeDock.Pipeline.Ingest", ["WakeDock.Pipeline.Alerts"]));
        Assert.Empty(Pipeline.TypesUsing("WakeDock.Pipeline.Alerts", ["WakeDock.Pipeline.Ingest"]));
        Assert.Contains("WakeDock.Pipeline.Ingest.BatchIngest", Pipeline.TypesUsing("WakeDock.Pipeline.Ingest", ["WakeDock.Pipeline.Storage"]));

        var graph = new Dictionary<string, IReadOnlyList<string>>
        {
            ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"], ["d"] = ["a"],
        };
        Assert.Equal(["a", "b", "c"], Assert.Single(NamespaceLayers.Cycles(graph)));
    }
}
