using System.Reflection;
using System.Text.Json.Nodes;
using WakeDock.Functions.Hosting;

namespace WakeDock.Functions.Tests.Worker;

/// <summary>What the build emits for a Functions host, and what a host gets from the worker.</summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string[] TimerFunctions = ["alert-sweep", "compaction", "rollup", "retention"];

    [Fact]
    public void TheBuiltMetadataListsEveryFunctionOfTheAppWithItsTrigger()
    {
        var metadata = Metadata();
        var declared = DeclaredFunctions();

        Assert.Equal(declared.Order(StringComparer.Ordinal), metadata.Keys.Order(StringComparer.Ordinal));
        Assert.All(TimerFunctions, name => Assert.Equal("timerTrigger", metadata[name]));
        Assert.Equal("queueTrigger", metadata["ingest-queue"]);
        Assert.Contains(metadata, pair => pair.Value == "httpTrigger");
        Assert.All(metadata.Values, trigger => Assert.Contains(trigger, new[] { "timerTrigger", "queueTrigger", "httpTrigger" }));
    }

    [Fact]
    public async Task TheWorkerReportsAndLoadsEveryFunctionOfItsMetadataAndProxiesHttp()
    {
        await using var app = await WorkerApp.OnLocalFolderAsync();

        Assert.Equal(Metadata().Keys.Order(StringComparer.Ordinal), app.Host.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(app.Host.Functions, f => Assert.Equal(Metadata()[f.Name], f.TriggerType));
        Assert.Equal(app.Host.Functions.Count, app.Host.Functions.Select(f => f.FunctionId).Where(id => id.Length > 0).Distinct().Count());
        var httpUri = Assert.IsType<Uri>(app.Host.WorkerHttpUri);
        Assert.True(httpUri.IsLoopback, httpUri.ToString());
        Assert.Equal(bool.TrueString, app.Host.WorkerCapabilities["HandlesWorkerTerminateMessage"]);
    }

    /// <summary>functions.metadata of the build: each function's name and trigger type.</summary>
    private static Dictionary<string, string> Metadata()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(WorkerBuild.Require(), "functions.metadata")))!.AsArray();
        return document.ToDictionary(
            function => function!["name"]!.GetValue<string>(),
            function => function!["bindings"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()).Single(type => type.EndsWith("Trigger", StringComparison.Ordinal)));
    }

    /// <summary>The names of the app's methods marked [Function].</summary>
    private static List<string> DeclaredFunctions()
        => typeof(FunctionsWorkerHost).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(method => method.GetCustomAttributesData())
            .Where(attribute => attribute.AttributeType.FullName == "Microsoft.Azure.Functions.Worker.FunctionAttribute")
            .Select(attribute => (string)attribute.ConstructorArguments[0].Value!)
            .ToList();
}
