using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using WakeDock.Contracts;
using WakeDock.Functions.Hosting;
using WakeDock.Functions.Triggers.Queues;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;
using Microsoft.Extensions.Configuration;

namespace WakeDock.Functions.Tests.Worker;

/// <summary>The Functions app as the Worker.Sdk builds it, and its functions as both hosts run them.</summary>
public sealed class FunctionsAppTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Assembly App = typeof(HttpApi).Assembly;

    /// <summary>A file of the Functions app's own build output (the Worker.Sdk writes its metadata there), of this test's configuration.</summary>
    private static string AppOutput(string file)
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var configuration = parts[Array.LastIndexOf(parts, "bin") + 1];
        return RepoFiles.PathOf(Path.Combine("functions", "WakeDock.Functions", "bin", configuration, "net10.0", file));
    }

    [Fact]
    public void TheBuildEmitsTheMetadataOfEveryFunctionWithItsTrigger()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(AppOutput("functions.metadata")))!.AsArray();
        var declared = App.GetTypes().SelectMany(t => t.GetMethods()).Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name).OfType<string>().Order().ToList();

        var emitted = metadata.Select(f => f!["name"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(declared, emitted);
        string Trigger(string name) => metadata.Single(f => f!["name"]!.GetValue<string>() == name)!["bindings"]!.AsArray()
            .Single(b => b!["direction"]!.GetValue<string>() == "In")!["type"]!.GetValue<string>();
        Assert.All(TriggerTable.Timers, t => Assert.Equal("timerTrigger", Trigger(t.Function)));
        Assert.Equal("queueTrigger", Trigger("ingest-queue"));
        Assert.Equal("queueTrigger", Trigger("deliver-notification"));
        Assert.Equal(34, metadata.Count(f => Trigger(f!["name"]!.GetValue<string>()) == "httpTrigger"));
    }

    [Fact]
    public void TimerSchedulesAndQueueNamesAreAppSettingsThatTheExampleSettingsGive()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(AppOutput("functions.metadata")))!.AsArray();
        var example = JsonNode.Parse(RepoFiles.Read("functions/WakeDock.Functions/local.settings.example.json"))!["Values"]!;
        foreach (var timer in TriggerTable.Timers)
        {
            var binding = metadata.Single(f => f!["name"]!.GetValue<string>() == timer.Function)!["bindings"]![0]!;
            Assert.Equal($"%{timer.ScheduleSetting}%", binding["schedule"]!.GetValue<string>());
            Assert.Equal(timer.Schedule, example[timer.ScheduleSetting!]!.GetValue<string>());
        }

        Assert.Equal(PipelineNames.SamplesQueue, example[PipelineNames.SamplesQueueSetting]!.GetValue<string>());
        Assert.Equal(PipelineNames.NotificationsQueue, example[PipelineNames.NotificationsQueueSetting]!.GetValue<string>());
        var hostJson = JsonNode.Parse(File.ReadAllText(AppOutput("host.json")))!;
        Assert.Equal("", hostJson["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("none", hostJson["extensions"]!["queues"]!["messageEncoding"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryHttpFunctionIsRoutedWhereItsEndpointIsAndAnswersWithIt()
    {
        await using var app = FunctionsApplication.Create(settings: new Dictionary<string, string?> { ["Azure:SignalR:ConnectionString"] = null });
        var endpoints = app.Service<HttpApi>().Endpoints;

        foreach (var function in HttpFunctionRoutes.All.Where(f => f.Name != "NegotiateLive"))
        {
            var endpoint = endpoints[function.Name];
            Assert.Equal(endpoint.RoutePattern.RawText, "/" + function.Route);
            Assert.Equal(endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Order(), function.Methods.Order());
        }

        Assert.Equal(endpoints.Keys.Order(), HttpFunctionRoutes.All.Select(f => f.Name).Where(endpoints.ContainsKey).Order());
        using var client = app.CreateClient();
        using var answer = await client.GetAsync(new Uri("/api/v1/monitoring/alerts?bogus=1", UriKind.Relative), Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void TheWorkersServicesBuildEveryFunction()
    {
        var storage = TempFolder.Create("worker");
        try
        {
            var builder = WakeDock.Functions.Hosting.FunctionsWorkerHost.CreateBuilder([]);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WakeDock:Storage:Path"] = storage,
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
                ["WakeDock:Security:ApiKeys:0:Name"] = "admin",
                ["WakeDock:Security:ApiKeys:0:Hash"] = "sha256:" + new string('a', 64),
                ["WakeDock:Security:ApiKeys:0:Role"] = "Admin",
            });
            using var host = builder.Build();
            var functions = App.GetTypes().Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null)).ToList();

            Assert.Equal(5, functions.Count);
            Assert.All(functions, type => Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type)));
            Assert.IsType<StorageNotificationOutbox>(host.Services.GetRequiredService<Pipeline.Alerts.Notifications.INotificationOutbox>());
        }
        finally
        {
            TempFolder.Delete(storage);
        }
    }

    [Fact]
    public void UnderTheFunctionsHostAnApiKeyIsRequired()
    {
        var builder = WakeDock.Functions.Hosting.FunctionsWorkerHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        using var host = builder.Build();

        var security = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Pipeline.Options.SecurityOptions>>();
        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => security.Value);
        Assert.Contains("at least one API key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueuedBatchAndAClaimCheckedOneAreStoredOnceAndTheClaimIsRemoved()
    {
        await using var app = FunctionsApplication.Create();
        var ingest = app.Service<SampleIngestFunctions>();
        var store = app.Service<IBlobStore>();
        var at = DateTimeOffset.UtcNow;
        var small = Samples.NumberedBatch(1, 2, at);
        var large = Samples.NumberedBatch(3, 300, at);
        var claim = PipelineNames.ClaimCheckPrefix + "host-1/" + large.Id + ".json";
        await store.WriteAsync(claim, JsonSerializer.SerializeToUtf8Bytes(large, WakeDockJson.Context.CloudEventSampleBatch), Ct);

        await ingest.IngestQueued(JsonSerializer.Serialize(small, WakeDockJson.Context.CloudEventSampleBatch), Ct);
        await ingest.IngestQueued(JsonSerializer.Serialize(new BatchClaimCheck(claim), WakeDockJson.Context.BatchClaimCheck), Ct);
        await ingest.IngestQueued(JsonSerializer.Serialize(small, WakeDockJson.Context.CloudEventSampleBatch), Ct);

        // the second delivery of the small batch is a duplicate: 2 + 300 samples, not 304
        Assert.Equal(302, app.Service<PipelineMetrics>().SamplesTotal);
        Assert.Null(await store.ReadAsync(claim, cancellationToken: Ct));
    }

    [Fact]
    public async Task AMalformedMessageIsDeadLetteredWithItsReasonAndAMissingClaimIsRetried()
    {
        await using var app = FunctionsApplication.Create();
        var ingest = app.Service<SampleIngestFunctions>();

        await ingest.IngestQueued("{\"not\": \"a batch\"", Ct);
        await Assert.ThrowsAsync<BatchNotReadyException>(() => ingest.IngestQueued("{\"claim_check\":\"claims/gone.json\"}", Ct));

        var letters = Directory.GetFiles(Path.Combine(app.StoragePath, "deadletter"), "deadletter_*").SelectMany(File.ReadAllLines).Select(l => JsonNode.Parse(l)!).ToList();
        var letter = Assert.Single(letters);
        Assert.Equal("queue", letter["origin"]!.GetValue<string>());
        Assert.StartsWith("not a CloudEvent of a sample batch", letter["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, app.Service<RecentSamples>().ContainerCount);
    }
}
