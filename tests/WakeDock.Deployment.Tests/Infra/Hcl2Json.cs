using System.Text.Json.Nodes;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Infra;

/// <summary>
/// Terraform files read by HashiCorp's own HCL parser, compiled to WebAssembly in npm's
/// <c>@cdktf/hcl2json</c> (installed by scripts/test.sh into scripts/tools), through <c>scripts/tools/hcl2json.js</c>.
/// Blocks come back as arrays, expressions as <c>${…}</c> strings.
/// </summary>
internal static class Hcl2Json
{
    public static string Script => RepoFiles.PathOf("scripts/tools/hcl2json.js");

    public static string? Problem()
    {
        if (ProcessRunner.FindOnPath("node") is null)
        {
            return "node is not on PATH";
        }

        return Directory.Exists(RepoFiles.PathOf("scripts/tools/node_modules/@cdktf/hcl2json"))
            ? null
            : "@cdktf/hcl2json is not installed in scripts/tools (npm ci there; scripts/test.sh does it)";
    }

    public static async Task<JsonObject> ConvertAsync(string folder, CancellationToken cancellationToken)
    {
        IntegrationPart.Require("hcl2json", Problem());
        var result = await ProcessRunner.RunAsync("node", [Script, folder], timeout: TimeSpan.FromMinutes(2), cancellationToken: cancellationToken);
        Assert.True(result.ExitCode == 0, $"hcl2json failed on {folder}: {result.StandardError}");
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    /// <summary>The single block of a resource (or data, variable, output) by type and name.</summary>
    public static JsonObject Block(this JsonObject root, params string[] path)
    {
        JsonNode node = root;
        foreach (var key in path)
        {
            node = node[key] ?? throw new InvalidOperationException($"No {string.Join('.', path)} in the Terraform.");
            if (node is JsonArray { Count: 1 } single)
            {
                node = single[0]!;
            }
        }

        return node.AsObject();
    }

    public static string? Text(this JsonNode node, string key) => node[key] is JsonValue value ? value.ToString() : null;

    /// <summary>The <c>locals</c> of every file, merged.</summary>
    public static JsonObject Locals(this JsonObject root)
    {
        var locals = new JsonObject();
        foreach (var block in root["locals"]!.AsArray())
        {
            foreach (var (key, value) in block!.AsObject())
            {
                locals[key] = value?.DeepClone();
            }
        }

        return locals;
    }
}
