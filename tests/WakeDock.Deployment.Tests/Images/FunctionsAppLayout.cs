using System.Text.Json.Nodes;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Images;

/// <summary>
/// What the Azure Functions host needs in its script root (<c>/home/site/wwwroot</c>): the worker's
/// <c>worker.config.json</c>, the functions' <c>functions.metadata</c>, <c>host.json</c> and the binding extensions
/// the host loads from <c>.azurefunctions/</c>.
/// </summary>
internal static class FunctionsAppLayout
{
    public static void AssertIsAFunctionsApp(string app, string assembly)
    {
        var worker = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "worker.config.json")))!["description"]!;
        Assert.Equal("dotnet-isolated", worker["language"]!.ToString());
        Assert.Equal($"{assembly}.dll", worker["defaultWorkerPath"]!.ToString());

        Assert.Equal(RepoFiles.Read("functions/WakeDock.Functions/host.json"), File.ReadAllText(Path.Combine(app, "host.json")));

        var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "functions.metadata")))!.AsArray();
        var triggers = functions.SelectMany(f => f!["bindings"]!.AsArray()).Where(b => b!["type"]!.ToString().EndsWith("Trigger", StringComparison.Ordinal)).ToList();
        Assert.Contains(triggers, b => b!["type"]!.ToString() == "timerTrigger");
        Assert.Contains(triggers, b => b!["type"]!.ToString() == "queueTrigger");
        Assert.Contains(triggers, b => b!["type"]!.ToString() == "httpTrigger");
        // The settings the published metadata names are the ones the deployments are checked to set.
        var settings = triggers.Select(b => b!["schedule"]?.ToString() ?? b!["queueName"]?.ToString())
            .OfType<string>().Select(s => s.Trim('%')).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(FunctionsAppSettings.TriggerSettings, settings);

        var extensions = Path.Combine(app, ".azurefunctions");
        Assert.True(File.Exists(Path.Combine(extensions, "function.deps.json")), $"{extensions} has no function.deps.json");
        Assert.True(File.Exists(Path.Combine(extensions, "Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll")), $"{extensions} lacks the queue trigger's extension");
    }
}
