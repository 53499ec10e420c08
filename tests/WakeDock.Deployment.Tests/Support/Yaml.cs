using YamlDotNet.RepresentationModel;

namespace WakeDock.Deployment.Tests.Support;

/// <summary>YAML documents read with YamlDotNet's representation model, and small accessors for tests.</summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> LoadAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    public static YamlMappingNode Load(string text) => LoadAll(text).Single();

    public static YamlMappingNode LoadFile(string path) => Load(File.ReadAllText(path));

    /// <summary>The node at a path of mapping keys, or null when a key is missing.</summary>
    public static YamlNode? At(this YamlNode node, params string[] keys)
    {
        var current = node;
        foreach (var key in keys)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] keys) => (node.At(keys) as YamlScalarNode)?.Value;

    public static YamlMappingNode Map(this YamlNode node, params string[] keys)
        => node.At(keys) as YamlMappingNode ?? throw new InvalidOperationException($"No mapping at {string.Join('.', keys)}.");

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] keys)
        => node.At(keys) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IReadOnlyList<string> Texts(this YamlNode node, params string[] keys)
        => [.. node.Items(keys).OfType<YamlScalarNode>().Select(s => s.Value ?? "")];

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode node, params string[] keys)
        => node.At(keys) is YamlMappingNode mapping
            ? mapping.Children.Select(c => (((YamlScalarNode)c.Key).Value ?? "", c.Value))
            : [];
}
