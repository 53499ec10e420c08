using System.Text.Json.Nodes;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Infra;

/// <summary>infra/bicep/main.bicep compiled and linted by the Bicep CLI, with its resource types of each API version.</summary>
public sealed class BicepCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string MainBicep => RepoFiles.PathOf("infra/bicep/main.bicep");

    [Fact]
    public async Task TheTemplateBuildsWithoutAWarningIntoAFunctionAppOnContainerAppsThatScalesOut()
    {
        var build = await BicepCli.RunAsync(["build", MainBicep, "--stdout"], Ct);

        Assert.True(build.ExitCode == 0, build.StandardError);
        Assert.Equal("", build.StandardError.Trim());
        var template = JsonNode.Parse(build.StandardOutput)!;
        var resources = template["resources"] is JsonArray list ? list : new JsonArray([.. template["resources"]!.AsObject().Select(r => r.Value!.DeepClone())]);
        var functions = resources.Single(r => r!["type"]!.ToString() == "Microsoft.App/containerApps")!;
        Assert.Equal("functionapp", functions["kind"]!.ToString());
        Assert.Equal("2025-07-01", functions["apiVersion"]!.ToString());
        Assert.Equal("[parameters('maxReplicas')]", functions["properties"]!["template"]!["scale"]!["maxReplicas"]!.GetValue<string>());
        var queues = resources.Single(r => r!["type"]!.ToString() == "Microsoft.Storage/storageAccounts/queueServices/queues")!;
        Assert.Equal("[length(variables('storageQueues'))]", queues["copy"]!["count"]!.ToString());
    }

    [Fact]
    public async Task TheLinterFindsNothing()
    {
        var lint = await BicepCli.RunAsync(["lint", MainBicep], Ct);

        Assert.True(lint.ExitCode == 0, lint.Combined);
        Assert.Equal("", lint.Combined.Trim());
    }

    [Fact]
    public async Task AnApiVersionWithoutTheFunctionAppKindIsAWarning()
    {
        var copy = TempFolder.Create("bicep");
        try
        {
            var file = Path.Combine(copy, "main.bicep");
            await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(MainBicep, Ct))
                .Replace("'Microsoft.App/containerApps@2025-07-01'", "'Microsoft.App/containerApps@2024-03-01'", StringComparison.Ordinal), Ct);

            var lint = await BicepCli.RunAsync(["lint", file], Ct);

            Assert.Contains("Warning BCP187: The property \"kind\" does not exist", lint.Combined);
        }
        finally
        {
            TempFolder.Delete(copy);
        }
    }
}
