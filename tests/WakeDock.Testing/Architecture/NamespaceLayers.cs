using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace WakeDock.Testing.Architecture;

/// <summary>
/// The namespaces of one assembly in the order of their layers, lowest first: a namespace may use those listed before it,
/// never one listed after it. The dependencies are read from the compiled code by NetArchTest (Mono.Cecil), not from
/// <c>using</c> lines.
/// </summary>
public sealed class NamespaceLayers
{
    private readonly Types _types;
    private readonly Dictionary<string, string[]> _typeNames;

    public NamespaceLayers(Assembly assembly, string root, params string[] layers)
    {
        Assembly = assembly;
        Layers = [.. layers.Select(l => $"{root}.{l}")];
        _types = Types.InAssembly(assembly);
        _typeNames = assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace is { } ns && ns.StartsWith(root + ".", StringComparison.Ordinal))
            .GroupBy(t => t.Namespace!)
            .ToDictionary(g => g.Key, g => g.Select(t => t.FullName!).ToArray(), StringComparer.Ordinal);
    }

    public Assembly Assembly { get; }

    public IReadOnlyList<string> Layers { get; }

    /// <summary>Every namespace of the assembly under its root that holds a type (generated code's left out).</summary>
    public IReadOnlyList<string> Namespaces => [.. _typeNames.Keys.Order(StringComparer.Ordinal)];

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

    /// <summary>Which namespaces of the assembly each namespace uses.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Graph()
        => Namespaces.ToDictionary(
            from => from,
            from => (IReadOnlyList<string>)[.. Namespaces.Where(to => to != from && TypesUsing(from, [to]).Count > 0)],
            StringComparer.Ordinal);

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
