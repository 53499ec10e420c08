using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WakeDock.Contracts;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Ingest;

/// <summary>The ingest routes against the message shapes of Dapr's pub/sub and bindings references.</summary>
public sealed class DaprContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A delivery as the sidecar sends it: the agent's CloudEvent plus the attributes Dapr adds.</summary>
    private static string Delivery(CloudEvent<SampleBatch> batch)
    {
        var node = JsonNode.Parse(JsonSerializer.Serialize(batch, WakeDockJson.Context.CloudEventSampleBatch))!.AsObject();
        node["topic"] = PipelineNames.SamplesTopic;
        node["pubsubname"] = PipelineNames.PubSub;
        node["traceid"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        node["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        node["tracestate"] = "";
        return node.ToJsonString();
    }

    private static StringContent CloudEventContent(string json) => new(json, Encoding.UTF8, CloudEventTypes.MediaType);

    private static async Task<JsonNode> PostAsync(HttpClient client, string json, string route = PipelineNames.IngestRoute)
    {
        using var response = await client.PostAsync(route, CloudEventContent(json), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }

    [Fact]
    public async Task TheProgrammaticSubscriptionNamesTopicRouteDeadLetterTopicAndBulk()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();

        var subscriptions = JsonNode.Parse(await client.GetStringAsync("/dapr/subscribe", Ct))!.AsArray();

        var samples = subscriptions.Single(s => s!["topic"]!.GetValue<string>() == PipelineNames.SamplesTopic)!;
        Assert.Equal(PipelineNames.PubSub, samples["pubsubname"]!.GetValue<string>());
        Assert.Equal(PipelineNames.IngestRoute, samples["route"]!.GetValue<string>());
        Assert.Equal(PipelineNames.SamplesDeadLetterTopic, samples["deadLetterTopic"]!.GetValue<string>());
        Assert.True(samples["bulkSubscribe"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(100, samples["bulkSubscribe"]!["maxMessagesCount"]!.GetValue<int>());
        Assert.Equal(500, samples["bulkSubscribe"]!["maxAwaitDurationMs"]!.GetValue<int>());
        var deadLetters = subscriptions.Single(s => s!["topic"]!.GetValue<string>() == PipelineNames.SamplesDeadLetterTopic)!;
        Assert.Equal("/ingest/dead-letters", deadLetters["route"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADeliveredCloudEventIsFlushedToTheDayFileBeforeSuccess()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();
        var at = DateTimeOffset.UtcNow.AddSeconds(-2);

        var answer = await PostAsync(client, Delivery(Samples.NumberedBatch(1, 3, at)));

        Assert.Equal("SUCCESS", answer["status"]!.GetValue<string>());
        var file = Directory.GetFiles(app.StoragePath, $"metrics_{at:yyyy-MM-dd}.*.jsonl").Single();
        var stored = JsonlReader.Read(await File.ReadAllBytesAsync(file, Ct), WakeDockJson.Context.ContainerSample);
        Assert.Equal(["c000", "c001", "c002"], stored.Select(s => s.ContainerId));
        Assert.All(stored, s => Assert.Equal("host-1", s.Host));
        var recent = await app.Service<SampleQueries>().QueryAsync(new SampleQuery { From = at.AddMinutes(-1), To = at.AddMinutes(1) }, Ct);
        Assert.Equal(3, recent.Samples.Count);
    }

    [Fact]
    public async Task ARedeliveryIsAcknowledgedAndNotStoredTwice()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();
        var batch = Samples.NumberedBatch(1, 3, DateTimeOffset.UtcNow);

        Assert.Equal("SUCCESS", (await PostAsync(client, Delivery(batch)))["status"]!.GetValue<string>());
        Assert.Equal("SUCCESS", (await PostAsync(client, Delivery(batch)))["status"]!.GetValue<string>());
        Assert.Equal("SUCCESS", (await PostAsync(client, Delivery(batch with { Id = "the-agent-resent-it" })))["status"]!.GetValue<string>());

        var lines = Directory.GetFiles(app.StoragePath, "metrics_*.jsonl").Sum(f => File.ReadAllLines(f).Length);
        Assert.Equal(3, lines);
    }

    [Fact]
    public async Task MalformedMessagesAreDroppedWithTheirReasonInTheDeadLetterFile()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();
        var wrongType = Samples.NumberedBatch(1, 1, DateTimeOffset.UtcNow) with { Type = "com.example.other" };
        var noHost = JsonNode.Parse(Delivery(Samples.NumberedBatch(5, 1, DateTimeOffset.UtcNow)))!;
        noHost["data"]!["host"] = "";

        var answers = new[]
        {
            await PostAsync(client, "{\"specversion\":\"1.0\",\"id\":"),
            await PostAsync(client, Delivery(wrongType)),
            await PostAsync(client, noHost.ToJsonString()),
        };
        using var wrongMedia = await client.PostAsync(PipelineNames.IngestRoute, new StringContent("hello", Encoding.UTF8, "text/plain"), Ct);

        Assert.All(answers, a => Assert.Equal("DROP", a["status"]!.GetValue<string>()));
        Assert.Equal("DROP", JsonNode.Parse(await wrongMedia.Content.ReadAsStringAsync(Ct))!["status"]!.GetValue<string>());
        var letters = Directory.GetFiles(Path.Combine(app.StoragePath, "deadletter")).SelectMany(File.ReadAllLines).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, letters.Count);
        Assert.Contains("not a CloudEvent", letters[0]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("com.example.other", letters[1]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("data.host", letters[2]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("text/plain", letters[3]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("hello", letters[3]["payload"]!.GetValue<string>());
        Assert.Empty(Directory.GetFiles(app.StoragePath, "metrics_*"));
    }

    [Fact]
    public async Task ABulkDeliveryIsAnsweredEntryByEntry()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();
        var bulk = new JsonObject
        {
            ["id"] = "bulk-1",
            ["type"] = "com.dapr.event.sent.bulk",
            ["topic"] = PipelineNames.SamplesTopic,
            ["pubsubname"] = PipelineNames.PubSub,
            ["metadata"] = new JsonObject(),
            ["entries"] = new JsonArray(
                new JsonObject { ["entryId"] = "e1", ["event"] = JsonNode.Parse(Delivery(Samples.NumberedBatch(1, 2, DateTimeOffset.UtcNow))), ["contentType"] = CloudEventTypes.MediaType, ["metadata"] = new JsonObject() },
                new JsonObject { ["entryId"] = "e2", ["event"] = JsonNode.Parse(Delivery(Samples.NumberedBatch(3, 2, DateTimeOffset.UtcNow))), ["contentType"] = CloudEventTypes.MediaType },
                new JsonObject { ["entryId"] = "e3", ["event"] = "not an event", ["contentType"] = "text/plain" }),
        };

        var answer = await PostAsync(client, bulk.ToJsonString());

        var statuses = answer["statuses"]!.AsArray().ToDictionary(s => s!["entryId"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["e1"] = "SUCCESS", ["e2"] = "SUCCESS", ["e3"] = "DROP" }, statuses);
    }

    [Fact]
    public async Task WithAnAppTokenOnlyTheSidecarAndKnownAgentsGetIn()
    {
        await using var app = FunctionsApplication.Create(settings: new Dictionary<string, string?>
        {
            ["WakeDock:Ingest:AppApiToken"] = "sidecar-secret",
            ["WakeDock:Ingest:AgentKeys:0"] = "plain-agent-key",
            ["WakeDock:Ingest:AgentKeys:1"] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("hashed-agent-key"u8)),
        });
        using var client = app.CreateClient();

        async Task<HttpStatusCode> Send(string header, string value, long sequence)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, PipelineNames.IngestRoute) { Content = CloudEventContent(Delivery(Samples.NumberedBatch(sequence, 1, DateTimeOffset.UtcNow))) };
            if (header.Length > 0)
            {
                request.Headers.Add(header, value);
            }

            using var response = await client.SendAsync(request, Ct);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Send("", "", 1));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send("dapr-api-token", "wrong", 2));
        Assert.Equal(HttpStatusCode.OK, await Send("dapr-api-token", "sidecar-secret", 3));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(PipelineNames.AgentKeyHeader, "unknown", 4));
        Assert.Equal(HttpStatusCode.OK, await Send(PipelineNames.AgentKeyHeader, "plain-agent-key", 5));
        Assert.Equal(HttpStatusCode.OK, await Send(PipelineNames.AgentKeyHeader, "hashed-agent-key", 6));
        using var subscribe = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(subscribe, Ct)).StatusCode);
    }

    [Fact]
    public async Task CronBindingsAreAcceptedWithOptionsAndRunTheirFunctionOnPost()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();

        using var bind = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/wakedock-retention"), Ct);
        using var unknown = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/wakedock-nothing"), Ct);
        using var run = await client.PostAsync("/wakedock-retention", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, bind.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var body = JsonNode.Parse(await run.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(("retention", "ran"), (body["function"]!.GetValue<string>(), body["status"]!.GetValue<string>()));
        Assert.Contains("\"retention\"", await File.ReadAllTextAsync(Path.Combine(app.StoragePath, "state", "timers.json"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBrokersDeadLettersAreKeptToo()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();

        var answer = await PostAsync(client, Delivery(Samples.NumberedBatch(1, 1, DateTimeOffset.UtcNow)), "/ingest/dead-letters");

        Assert.Equal("SUCCESS", answer["status"]!.GetValue<string>());
        var letter = JsonNode.Parse(Directory.GetFiles(Path.Combine(app.StoragePath, "deadletter")).SelectMany(File.ReadAllLines).Single())!;
        Assert.Equal("batch-host-1-1", letter["id"]!.GetValue<string>());
        Assert.Contains(PipelineNames.SamplesDeadLetterTopic, letter["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
