using System.Text.Json.Nodes;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Infra;

/// <summary>
/// The azurerm provider's attribute and block names per resource type, as its generated bindings
/// (@cdktf/provider-azurerm) know them: <c>azurerm-attributes.json</c> beside this file, made by
/// <c>scripts/tools/azurerm-attributes.js</c> (its header says how). Names, not nesting: a name is known when any
/// block of the resource has it.
/// </summary>
internal static class AzurermAttributes
{
    private static readonly string[] MetaArguments = ["for_each", "count", "depends_on", "lifecycle", "provider"];

    public static JsonObject Schema { get; } = JsonNode.Parse(File.ReadAllText(RepoFiles.PathOf("tests/WakeDock.Deployment.Tests/Infra/azurerm-attributes.json")))!.AsObject();

    /// <summary>Each resource type, attribute or block of the Terraform that the provider's schema lacks.</summary>
    public static IReadOnlyList<string> Unknown(JsonObject terraform)
    {
        var resources = Schema["resources"]!.AsObject();
        var problems = new List<string>();
        foreach (var (type, instances) in terraform["resource"]!.AsObject())
        {
            if (!type.StartsWith("azurerm_", StringComparison.Ordinal))
            {
                continue;
            }

            if (resources[type] is not JsonArray names)
            {
                problems.Add($"{type} is no resource type of {Schema["package"]} (or is missing from azurerm-attributes.json)");
                continue;
            }

            var known = names.Select(n => n!.ToString()).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, blocks) in instances!.AsObject())
            {
                foreach (var block in blocks!.AsArray())
                {
                    Walk(block!.AsObject(), $"{type}.{name}", known, problems);
                }
            }
        }

        return problems;
    }

    /// <summary>Blocks come from hcl2json as arrays of objects, attribute maps as objects: only blocks are entered.</summary>
    private static void Walk(JsonObject block, string where, HashSet<string> known, List<string> problems)
    {
        foreach (var (key, value) in block)
        {
            if (MetaArguments.Contains(key))
            {
                continue;
            }

            if (key == "dynamic")
            {
                foreach (var (blockName, dynamics) in value!.AsObject())
                {
                    Check(blockName, $"{where}.dynamic", known, problems);
                    foreach (var dynamic in dynamics!.AsArray())
                    {
                        foreach (var content in dynamic!["content"]!.AsArray())
                        {
                            Walk(content!.AsObject(), $"{where}.{blockName}", known, problems);
                        }
                    }
                }

                continue;
            }

            Check(key, where, known, problems);
            if (value is JsonArray array && array.All(item => item is JsonObject))
            {
                foreach (var item in array)
                {
                    Walk(item!.AsObject(), $"{where}.{key}", known, problems);
                }
            }
        }
    }

    private static void Check(string key, string where, HashSet<string> known, List<string> problems)
    {
        if (!known.Contains(key))
        {
            problems.Add($"{where}: {key} is no attribute or block the provider knows");
        }
    }
}
