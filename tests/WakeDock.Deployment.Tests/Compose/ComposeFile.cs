using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;
using YamlDotNet.RepresentationModel;

namespace WakeDock.Deployment.Tests.Compose;

/// <summary>A compose file as YAML, with each service's <c>&lt;&lt;</c> merge keys applied (YamlDotNet leaves them to the reader).</summary>
internal sealed class ComposeFile(YamlMappingNode root)
{
    public static ComposeFile Load(string relative) => new(Yaml.LoadFile(RepoFiles.PathOf(relative)));

    public IReadOnlyList<string> ServiceNames => [.. root.Entries("services").Select(e => e.Key)];

    public ComposeService Service(string name)
    {
        var node = root.Map("services", name);
        var merged = new YamlMappingNode();
        if (node.At("<<") is YamlMappingNode template)
        {
            foreach (var (key, value) in template.Children)
            {
                merged.Children[key] = value;
            }
        }

        foreach (var (key, value) in node.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
        {
            merged.Children[key] = value;
        }

        return new ComposeService(name, merged);
    }
}

/// <summary>One service of a compose file.</summary>
internal sealed record ComposeService(string Name, YamlMappingNode Node)
{
    public IReadOnlyDictionary<string, string> Environment
        => Node.Entries("environment").ToDictionary(e => e.Key, e => (e.Value as YamlScalarNode)?.Value ?? "");

    public IReadOnlyList<string> Command => Node.Texts("command");

    public IReadOnlyList<string> Ports => Node.Texts("ports");

    public IReadOnlyList<string> Volumes => Node.Texts("volumes");

    public string? NetworkMode => Node.Text("network_mode");

    public bool ReadOnly => Node.Text("read_only") == "true";

    /// <summary>The value after <paramref name="flag"/> in the command, every time it appears.</summary>
    public IReadOnlyList<string> Flag(string flag)
        => [.. Command.Select((word, index) => (word, index)).Where(p => p.word == flag && p.index + 1 < Command.Count).Select(p => Command[p.index + 1])];

    /// <summary>The bind mounts: (source on the host, target in the container), relative sources as written.</summary>
    public IEnumerable<(string Source, string Target)> Binds
        => Volumes.Select(v => v.Split(':')).Where(p => p[0].StartsWith('.') || p[0].StartsWith('/')).Select(p => (p[0], p[1]));
}
