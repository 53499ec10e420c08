using WakeDock.EdgeAgent.Hosting;
using WakeDock.Testing.Architecture;

namespace WakeDock.EdgeAgent.Tests.Architecture;

/// <summary>
/// The agent's folders are layers (docs/agent.md, "Layers"): no cycle between namespaces, and no namespace uses one of a
/// higher layer. A new folder must be given its place here.
/// </summary>
public sealed class LayerTests() : LayerRules(Agent)
{
    private const string Root = "WakeDock.EdgeAgent";

    public static readonly NamespaceLayering Agent = new(typeof(StandaloneAgent).Assembly, Root,
    [
        "Diagnostics",
        "Spool",
        "Docker",
        "Configuration",
        "Cgroups",
        "Sampling",
        "HostStats",
        "Logs",
        "Publishing",
        "Control",
        "Collection",
        "HttpServer",
        "Cli",
        "Hosting",
        NamespaceLayering.RootLayer,
    ]);

    private const string PlantedRoot = "WakeDock.EdgeAgent.Tests.Architecture.Planted";

    private static readonly NamespaceLayering Planted = new(typeof(LayerTests).Assembly, PlantedRoot, ["Low", "High"]);

    [Fact]
    public void TheAgentsDependenciesAreSeenOneWay()
    {
        Assert.Equal(["WakeDock.EdgeAgent.Collection.CollectionCycle", "WakeDock.EdgeAgent.Collection.ContainerDiscovery",
                "WakeDock.EdgeAgent.Collection.ContainerEventWatcher"],
            Agent.TypesUsing($"{Root}.Collection", [$"{Root}.Sampling"]));
        Assert.Empty(Agent.TypesUsing($"{Root}.Sampling", [$"{Root}.Collection"]));
        Assert.Contains($"{Root}.Docker", Agent.Graph()[$"{Root}.Configuration"]);
    }

    [Fact]
    public void TheChecksSeeAPlantedUpwardUseCycleAndUnplacedNamespace()
    {
        Assert.Equal([$"{PlantedRoot}.Stray"], Planted.Unplaced);

        var violation = Assert.Single(Planted.UpwardUses());
        Assert.Equal($"{PlantedRoot}.Low", violation.Namespace);
        Assert.Equal([$"{PlantedRoot}.High"], violation.HigherLayers);
        Assert.Equal([$"{PlantedRoot}.Low.Reading"], violation.Types);

        var cycle = Assert.Single(Planted.Cycles());
        Assert.Equal([$"{PlantedRoot}.High", $"{PlantedRoot}.Low"], cycle.Namespaces);
        Assert.Contains(cycle.Uses, use => use.From == $"{PlantedRoot}.High" && use.Types.SequenceEqual([$"{PlantedRoot}.High.Report"]));
    }

    [Fact]
    public void TarjanFindsEachCycleOnceAndNotTheNamespacesOutsideIt()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>>
        {
            ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"], ["d"] = ["a", "e"], ["e"] = ["d"], ["f"] = ["a"],
        };

        Assert.Equal(["a b c", "d e"], NamespaceLayering.Cycles(graph).Select(cycle => string.Join(" ", cycle)));
    }
}
