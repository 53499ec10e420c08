namespace WakeDock.Testing.Architecture;

/// <summary>
/// The layer rules every project's architecture test runs on its own project's <see cref="NamespaceLayers"/>
/// (docs/architecture.md): each namespace has its place, none uses a higher layer, no cycle between namespaces.
/// </summary>
public abstract class LayerRules(NamespaceLayers layers)
{
    [Fact]
    public void Every_namespace_has_its_place_in_the_layers()
    {
        Assert.Equal(layers.Layers.Order(StringComparer.Ordinal), layers.Namespaces);
    }

    [Fact]
    public void No_namespace_uses_a_higher_layer()
    {
        var offences = layers.Layers
            .Select((ns, i) => (Namespace: ns, Types: layers.TypesUsing(ns, layers.Layers.Skip(i + 1))))
            .Where(o => o.Types.Count > 0)
            .Select(o => $"{o.Namespace} uses a higher layer in {string.Join(", ", o.Types)}")
            .ToList();

        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Fact]
    public void No_cycle_between_namespaces()
    {
        var graph = layers.Graph();
        var cycles = NamespaceLayers.Cycles(graph);

        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(c =>
            string.Join(" ⇄ ", c) + ": " + string.Join("; ", c.Select(ns => $"{ns} → {string.Join(", ", graph[ns].Intersect(c))}")))));
    }
}
