using System.Net;
using System.Text.Json.Nodes;
using WakeDock.Api.Tests.Support;

namespace WakeDock.Api.Tests;

/// <summary>
/// The query endpoints bind request records; their query is checked by the spec's rules before the framework binds it:
/// the allowed names come from the records, and a value the spec accepts binds even where the framework's parser would not.
/// </summary>
public sealed class QueryBindingTests
{
    private const string Api = "/api/v1/monitoring";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/metrics?hour=1", "hour", "Unknown query parameter 'hour': this endpoint takes container_id, service_name, host, hours, from, to, step, limit.")]
    [InlineData("/alerts?Level=critical", "Level", "Unknown query parameter 'Level': this endpoint takes level, hours, from, to, container_id, service_name, host, state, metric_type, grouped, limit.")]
    [InlineData("/export/metrics?limit=5", "limit", "Unknown query parameter 'limit': this endpoint takes container_id, service_name, host, hours, from, to, step, format.")]
    [InlineData("/containers?active=yes", "active", "active 'yes' is not one of true, false.")]
    [InlineData("/metrics?limit=0", "limit", "limit must be between 1 and 10000; got 0.")]
    [InlineData("/alerts?grouped=yes", "grouped", "grouped must be true or false; got 'yes'.")]
    [InlineData("/incidents?limit=abc", "limit", "limit must be a whole number; got 'abc'.")]
    [InlineData("/metrics?hours=-1", "hours", "hours must be greater than 0; got -1.")]
    public async Task AParameterTheRecordsDoNotAllowIsAProblemNamingIt(string path, string field, string detail)
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();

        using var response = await client.GetAsync(Api + path, Ct);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
        Assert.Equal(detail, problem["errors"]![field]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task AValueTheSpecAcceptsBindsAsItsCanonicalForm()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();
        var now = DateTimeOffset.UtcNow;
        for (var m = 10; m >= 1; m--)
        {
            await app.IngestAsync(Batches.SpecSample(now.AddMinutes(-m), cpu: 95, id: "aaa111", name: "api", service: "api", host: "host-a"));
            await app.IngestAsync(Batches.SpecSample(now.AddMinutes(-m), cpu: 5, id: "bbb222", name: "db", service: "db", host: "host-b"));
        }

        var from = now.AddMinutes(-5).UtcDateTime;
        var pairs = new (string Given, string Canonical, int Count)[]
        {
            ("/metrics?limit=%205%20&hours=", "/metrics?limit=5", 5),
            ($"/metrics?from={from:yyyy-MM-ddTHH:mm:ss}", $"/metrics?from={from:yyyy-MM-ddTHH:mm:ss}Z", 10),
            ("/containers?host=%20host-a%20", "/containers?host=host-a", -1),
            ("/alerts?grouped=1&state=all", "/alerts?grouped=true&state=all", -1),
            ("/alerts?grouped=0", "/alerts?grouped=false", -1),
        };
        foreach (var (given, canonical, count) in pairs)
        {
            using var answer = await client.GetAsync(Api + given, Ct);
            var expected = await client.GetStringAsync(Api + canonical, Ct);
            var text = await answer.Content.ReadAsStringAsync(Ct);

            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{given}: {(int)answer.StatusCode} {text}");
            Assert.Equal(expected, text);
            if (count >= 0)
            {
                Assert.Equal(count, JsonNode.Parse(text)!.AsArray().Count);
            }
        }

        var containers = JsonNode.Parse(await client.GetStringAsync($"{Api}/containers?host=%20host-a%20", Ct))!["containers"]!.AsArray();
        Assert.Equal(["aaa111"], containers.Select(c => c!["container_id"]!.GetValue<string>()));
    }
}
