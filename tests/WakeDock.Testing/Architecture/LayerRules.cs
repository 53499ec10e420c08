namespace WakeDock.Testing.Architecture;

/// <summary>
/// The layer rules every project's architecture test runs on its own project's <see cref="NamespaceLayering"/>
/// (docs/pipeline.md, "Layers"): each namespace has its place, none uses a higher layer, no cycle between namespaces.
/// </summary>
public abstract class LayerRules(NamespaceLayering layers)
{
    [Fact]
    public void EveryNamespaceHasItsPlaceInTheLayers()
    {
        Assert.Empty(layers.Unplaced);
        Assert.Empty(layers.EmptyLayers);
    }

    [Fact]
    public void NoNamespaceUsesAHigherLayer()
    {
        var violations = layers.UpwardUses();

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void NoCycleBetweenNamespaces()
    {
        var cycles = layers.Cycles();

        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles));
    }
}
