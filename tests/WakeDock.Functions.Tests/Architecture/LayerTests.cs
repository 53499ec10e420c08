using WakeDock.Functions.Hosting;
using WakeDock.Testing.Architecture;

namespace WakeDock.Functions.Tests.Architecture;

/// <summary>
/// The functions app's folders are layers (docs/pipeline.md, "Layers"): no cycle between namespaces, and no namespace uses one
/// of a higher layer. A new folder must be given its place here.
/// </summary>
public sealed class LayerTests() : LayerRules(Functions)
{
    public static readonly NamespaceLayering Functions = new(typeof(HostingExtensions).Assembly, "WakeDock.Functions",
    [
        "Status", "Security", "Http", "Health", "Observability",
        "Triggers.Timers", "Triggers.Queues", "Triggers.Http", "Triggers",
        "Embedded",
        "Api",
        "Live", "Live.Azure",
        "Hosting",
        // the Functions worker SDK's generated executor and metadata provider, which reach every function
        NamespaceLayering.RootLayer,
    ]);
}
