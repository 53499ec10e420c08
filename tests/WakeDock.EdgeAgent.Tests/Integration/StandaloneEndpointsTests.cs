using System.Text.RegularExpressions;
using System.Net;
using Microsoft.Extensions.Hosting;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.Integration;

/// <summary>The standalone agent's HTTP surface: health, the Dapr control subscription, and the logs method.</summary>
public sealed class StandaloneEndpointsTests(DockerFixture docker, PromtoolFixture promtool) : IClassFixture<DockerFixture>, IClassFixture<PromtoolFixture>
{
    [Fact]
    public async Task MetricsAreServedInThePrometheusTextFormatThatPromtoolAccepts()
    {
        docker.Require();
        promtool.Require();
        await docker.StartIdleAsync();
        await using var agent = await StartAsync();
        using var http = new HttpClient { BaseAddress = agent.Urls };

        string scrape = "";
        await Eventually.TrueAsync(() =>
        {
            scrape = http.GetStringAsync("/metrics").GetAwaiter().GetResult();
            // a sample line, not the family's declaration, which is there from start-up
            return Regex.IsMatch(scrape, @"(?m)^wakedock_agent_samples_collected_total [1-9]");
        }, "a scrape with collected samples");
        // node_exporter's meminfo names (node_memory_MemTotal_bytes…) are camelCase by design and fail promtool's lint,
        // as node_exporter's own scrape does: the lint is run on WakeDock's own families, the node_* ones are checked for format below
        var own = string.Join('\n', scrape.Split('\n').Where(line => !Regex.IsMatch(line, @"^(# (HELP|TYPE) )?node_memory_"))) + "\n";
        var check = await promtool.CheckMetricsAsync(own);

        Assert.True(check.ExitCode == 0, $"promtool check metrics failed:\n{check.Combined}\n---\n{scrape}");
        // on this host the stats come from the cgroup files: the engine is asked once per container (inspect), not every interval
        Assert.Contains("wakedock_agent_docker_request_duration_seconds_bucket{endpoint=\"inspect\"", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("endpoint=\"stats\"", scrape, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^wakedock_agent_stats_mode\{mode=""cgroup-v[12]""\} 1$", scrape);
        Assert.Matches(@"(?m)^wakedock_agent_stats_containers\{source=""cgroup""\} [1-9]", scrape);
        // the host under node_exporter's names
        Assert.Matches(@"(?m)^node_cpu_seconds_total\{cpu=""0"",mode=""idle""\} [0-9.e+]+$", scrape);
        Assert.Matches(@"(?m)^node_memory_MemAvailable_bytes [0-9.e+]+$", scrape);
        Assert.Matches(@"(?m)^node_filesystem_avail_bytes\{device=""[^""]+"",fstype=""[^""]+"",mountpoint=""/""\} [0-9.e+]+$", scrape);
        Assert.Matches(@"(?m)^node_load1 [0-9.e+]+$", scrape);
        Assert.Matches(@"(?m)^node_boot_time_seconds [0-9.e+]+$", scrape);
        Assert.Matches(@"(?m)^wakedock_host_containers\{state=""running""\} [1-9]", scrape);
        Assert.Matches(@"(?m)^wakedock_agent_spool_depth [0-9]+$", scrape); // the test sidecar port is closed: batches wait in the spool
    }

    [Fact]
    public async Task DaprDiscoversTheControlSubscriptionAndAStopCommandPausesTheAgent()
    {
        docker.Require();
        await using var agent = await StartAsync();
        using var http = new HttpClient { BaseAddress = agent.Urls };

        var subscriptions = await http.GetFromJsonAsync<JsonArray>("/dapr/subscribe", TestContext.Current.CancellationToken);
        var subscription = Assert.Single(subscriptions!)!;
        Assert.Equal(PipelineNames.PubSub, subscription["pubsubname"]!.GetValue<string>());
        Assert.Equal(PipelineNames.ControlTopic, subscription["topic"]!.GetValue<string>());
        Assert.Equal(PipelineNames.ControlRoute, subscription["route"]!.GetValue<string>());

        using var answer = await http.SendAsync(Command(AgentCommandKind.Stop, token: "app-token"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("SUCCESS", (await answer.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["status"]!.GetValue<string>());
        var health = await http.GetFromJsonAsync<JsonObject>("/health", TestContext.Current.CancellationToken);
        Assert.Equal("healthy", health!["status"]!.GetValue<string>());
        Assert.StartsWith("cgroup-v", health["stats_source"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(health["agent"]!["is_running"]!.GetValue<bool>());
        Assert.Equal(1, health["agent"]!["collection_interval"]!.GetValue<double>());
    }

    [Fact]
    public async Task WithAnAppTokenCommandsWithoutItAreRefusedAndMalformedOnesAreDropped()
    {
        docker.Require();
        await using var agent = await StartAsync();
        using var http = new HttpClient { BaseAddress = agent.Urls };

        using var unauthenticated = await http.SendAsync(Command(AgentCommandKind.Stop, token: null), TestContext.Current.CancellationToken);
        using var malformed = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, PipelineNames.ControlRoute)
        {
            Content = new StringContent("{\"not\":\"a cloud event\"}", Encoding.UTF8, CloudEventTypes.MediaType),
            Headers = { { "dapr-api-token", "app-token" } },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("DROP", (await malformed.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["status"]!.GetValue<string>());
        var state = await http.GetFromJsonAsync<JsonObject>(AgentHttpSurface.StateRoute, TestContext.Current.CancellationToken);
        Assert.True(state!["is_running"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheLogsMethodServesAContainersLinesAndNotFoundForAnUnknownOne()
    {
        docker.Require();
        var writer = await docker.StartAsync("logs", ["sh", "-c", "echo via the logs method; sleep 0.3; echo oops >&2; exec sleep 3600"]);
        await using var agent = await StartAsync();
        using var http = new HttpClient { BaseAddress = agent.Urls };
        http.DefaultRequestHeaders.Add("dapr-api-token", "app-token");

        JsonObject? logs = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (logs?["lines"]?.AsArray().Count is not 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the container's two lines did not show within 30 s");
            logs = await http.GetFromJsonAsync<JsonObject>($"/logs/{writer.Id}?tail=10&timestamps=1", TestContext.Current.CancellationToken);
        }

        using var missing = await http.GetAsync("/logs/no-such-container", TestContext.Current.CancellationToken);
        using var badTail = await http.GetAsync($"/logs/{writer.Id}?tail=lots", TestContext.Current.CancellationToken);

        Assert.Equal("via the logs method", logs["lines"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("stderr", logs["lines"]![1]!["stream"]!.GetValue<string>());
        Assert.NotNull(logs["lines"]![0]!["timestamp"]);
        Assert.False(logs["truncated"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTail.StatusCode);
    }

    private async Task<RunningAgent> StartAsync()
    {
        var data = new TempDirectory();
        var urls = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var app = StandaloneAgent.Build([
            "--urls", urls.ToString(),
            $"--DOCKER_HOST={docker.DockerHost}",
            "--WAKEDOCK_METRICS_INTERVAL=1",
            "--APP_API_TOKEN=app-token",
            $"--WakeDock:Agent:DataDirectory={data.Path}",
            $"--DAPR_HTTP_PORT={FreePort.Next()}",
        ]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RunningAgent(app, data, urls);
    }

    private static HttpRequestMessage Command(AgentCommandKind kind, string? token)
    {
        var envelope = new CloudEvent<AgentCommand>
        {
            Id = Guid.NewGuid().ToString(),
            Source = "wakedock://functions",
            Type = CloudEventTypes.AgentCommand,
            Topic = PipelineNames.ControlTopic,
            PubsubName = PipelineNames.PubSub,
            Data = new AgentCommand { Command = kind, IssuedAt = DateTimeOffset.UtcNow },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, PipelineNames.ControlRoute)
        {
            Content = new StringContent(JsonSerializer.Serialize(envelope, WakeDockJson.Context.CloudEventAgentCommand), Encoding.UTF8, CloudEventTypes.MediaType),
        };
        if (token is not null)
        {
            request.Headers.Add("dapr-api-token", token);
        }

        return request;
    }

    private sealed record RunningAgent(IHost App, TempDirectory Data, Uri Urls) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            App.Dispose();
            Data.Dispose();
        }
    }
}
