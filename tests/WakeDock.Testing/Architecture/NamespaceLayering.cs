using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace WakeDock.Testing.Architecture;

/// <summary>
/// The namespaces of one assembly under a root, in the order of their layers, lowest first: a namespace may use those
/// listed before it, never one listed after it, and no two namespaces may use each other through any path. Layers are
/// named relative to the root (<c>"Docker"</c> is <c>Root.Docker</c>); <see cref="RootLayer"/> names the root itself.
/// The dependencies are read from the compiled code by NetArchTest (Mono.Cecil), not from <c>using</c> lines.
/// </summary>
public sealed class NamespaceLayering
{
    /// <summary>The layer name of the root namespace itself (e.g. the entry point's).</summary>
    public const string RootLayer = "";

    private readonly Types _types;
    private readonly Dictionary<string, string[]> _typeNames;

    public NamespaceLayering(Assembly assembly, string root, IEnumerable<string> layers)
    {
        Assembly = assembly;
        Root = root;
        Layers = [.. layers.Select(l => l == RootLayer ? root : $"{root}.{l}")];
        _types = Types.InAssembly(assembly);
        _typeNames = assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace is { } ns && (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal)))
            .GroupBy(t => t.Namespace!)
            .ToDictionary(g => g.Key, g => g.Select(t => t.FullName!).ToArray(), StringComparer.Ordinal);
    }

    public Assembly Assembly { get; }

    public string Root { get; }

    /// <summary>The full names of the layers' namespaces, lowest first.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>Every namespace of the assembly under its root that holds a type.</summary>
    public IReadOnlyList<string> Namespaces => [.. _typeNames.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The namespaces that hold a type but have no place in the layers.</summary>
    public IReadOnlyList<string> Unplaced => [.. Namespaces.Except(Layers, StringComparer.Ordinal)];

    /// <summary>The layers no type lives in (a renamed or removed folder still listed).</summary>
    public IReadOnlyList<string> EmptyLayers => [.. Layers.Except(Namespaces, StringComparer.Ordinal)];

    /// <summary>The types of <paramref name="from"/> that use a type of one of <paramref name="to"/>.</summary>
    public IReadOnlyList<string> TypesUsing(string from, IEnumerable<string> to)
    {
        var targets = to.SelectMany(ns => _typeNames.GetValueOrDefault(ns) ?? []).ToArray();
        if (targets.Length == 0 || !_typeNames.ContainsKey(from))
        {
            return [];
        }

        var result = _types.That().ResideInNamespaceMatching($"^{Regex.Escape(from)}$")
            .ShouldNot().HaveDependencyOnAny(targets)
            .GetResult();
        return result.IsSuccessful ? [] : [.. (result.FailingTypeNames ?? []).Order(StringComparer.Ordinal)];
    }

    /// <summary>Each layer that uses a higher one, with the higher namespaces it uses and the types that use them.</summary>
    public IReadOnlyList<LayerViolation> UpwardUses()
        => [.. Layers
            .Select((ns, i) =>
            {
                var higher = Layers.Skip(i + 1).Where(h => TypesUsing(ns, [h]).Count > 0).ToArray();
                return new LayerViolation(ns, higher, TypesUsing(ns, higher));
            })
            .Where(v => v.Types.Count > 0)];

    /// <summary>Which namespaces of the assembly each namespace uses.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Graph()
        => Namespaces.ToDictionary(
            from => from,
            from => (IReadOnlyList<string>)[.. Namespaces.Where(to => to != from && TypesUsing(from, [to]).Count > 0)],
            StringComparer.Ordinal);

    /// <summary>The import cycles of the assembly, each edge inside a cycle with the types that make it.</summary>
    public IReadOnlyList<NamespaceCycle> Cycles()
    {
        var graph = Graph();
        return [.. Cycles(graph).Select(cycle => new NamespaceCycle(cycle, [.. cycle
            .SelectMany(from => graph[from].Intersect(cycle, StringComparer.Ordinal)
                .Select(to => new NamespaceUse(from, to, TypesUsing(from, [to]))))]))];
    }

    /// <summary>The strongly connected groups of more than one namespace (Tarjan): each is a cycle of imports.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);

                if (group.Count > 1)
                {
                    cycles.Add([.. group.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return cycles;
    }
}

/// <summary>A namespace that uses higher layers, through the listed types.</summary>
public sealed record LayerViolation(string Namespace, IReadOnlyList<string> HigherLayers, IReadOnlyList<string> Types)
{
    public override string ToString() => $"{Namespace} uses the higher {string.Join(", ", HigherLayers)} in {string.Join(", ", Types)}";
}

/// <summary>One namespace's use of another, through the listed types.</summary>
public sealed record NamespaceUse(string From, string To, IReadOnlyList<string> Types)
{
    public override string ToString() => $"{From} → {To} ({string.Join(", ", Types)})";
}

/// <summary>Namespaces that all reach each other through their uses.</summary>
public sealed record NamespaceCycle(IReadOnlyList<string> Namespaces, IReadOnlyList<NamespaceUse> Uses)
{
    public override string ToString() => $"{string.Join(" ⇄ ", Namespaces)}: {string.Join("; ", Uses)}";
}
