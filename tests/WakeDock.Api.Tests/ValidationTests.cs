using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using WakeDock.Api.Tests.Support;

namespace WakeDock.Api.Tests;

/// <summary>Every client mistake is a 4xx with RFC 7807 problem details naming the field at fault; never a 500.</summary>
public sealed class ValidationTests
{
    private const string Api = "/api/v1/monitoring";
    private const string Json = "application/json";
    private static readonly string Recent = Batches.Time(DateTimeOffset.UtcNow.AddMinutes(-30));
    private static readonly string Earlier = Batches.Time(DateTimeOffset.UtcNow.AddMinutes(-90));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>method, path, body (null: none), content type, expected status, expected field.</summary>
    public static TheoryData<string, string, string?, string?, int, string> BadInputs => new()
    {
        // GET metrics: the spec's parameters
        { "GET", $"{Api}/metrics?hours=abc", null, null, 400, "hours" },
        { "GET", $"{Api}/metrics?hours=0", null, null, 400, "hours" },
        { "GET", $"{Api}/metrics?hours=-1", null, null, 400, "hours" },
        { "GET", $"{Api}/metrics?hours=169", null, null, 400, "hours" },
        { "GET", $"{Api}/metrics?hours=NaN", null, null, 400, "hours" },
        { "GET", $"{Api}/metrics?hours=1e400", null, null, 400, "hours" },
        { "GET", $"{Api}/metrics?limit=0", null, null, 400, "limit" },
        { "GET", $"{Api}/metrics?limit=10001", null, null, 400, "limit" },
        { "GET", $"{Api}/metrics?limit=abc", null, null, 400, "limit" },
        { "GET", $"{Api}/metrics?limit=1.5", null, null, 400, "limit" },
        { "GET", $"{Api}/metrics?limit=99999999999", null, null, 400, "limit" },
        { "GET", $"{Api}/metrics?hour=1", null, null, 400, "hour" },
        { "GET", $"{Api}/metrics?hours=1&hours=2", null, null, 400, "hours" },
        { "GET", $"{Api}/metrics?container_id={new string('a', 300)}", null, null, 400, "container_id" },
        { "GET", $"{Api}/metrics?service_name=web%01", null, null, 400, "service_name" },
        { "GET", $"{Api}/metrics?access_token=secret", null, null, 400, "access_token" },
        // GET metrics: beyond the spec
        { "GET", $"{Api}/metrics?from=yesterday", null, null, 400, "from" },
        { "GET", $"{Api}/metrics?from=2025-01-16T10:30:00Z", null, null, 400, "from" },
        { "GET", $"{Api}/metrics?hours=1&from={Recent}", null, null, 400, "hours" },
        { "GET", $"{Api}/metrics?from={Recent}&to={Earlier}", null, null, 400, "to" },
        { "GET", $"{Api}/metrics?step=0s", null, null, 400, "step" },
        { "GET", $"{Api}/metrics?step=fast", null, null, 400, "step" },
        { "GET", $"{Api}/metrics?step=1s&hours=24", null, null, 400, "step" },
        // POST metrics/query
        { "POST", $"{Api}/metrics/query", """{"hours":24}""", "text/plain", 415, "Content-Type" },
        { "POST", $"{Api}/metrics/query", """{"hours":24}""", null, 415, "Content-Type" },
        { "POST", $"{Api}/metrics/query", """{"hours":24""", Json, 400, "body" },
        { "POST", $"{Api}/metrics/query", "[]", Json, 400, "body" },
        { "POST", $"{Api}/metrics/query", "null", Json, 400, "body" },
        { "POST", $"{Api}/metrics/query", "", Json, 400, "body" },
        { "POST", $"{Api}/metrics/query", """{"hours":"24"}""", Json, 400, "hours" },
        { "POST", $"{Api}/metrics/query", """{"limit":5000000000}""", Json, 400, "limit" },
        { "POST", $"{Api}/metrics/query", """{"limit":0}""", Json, 400, "limit" },
        { "POST", $"{Api}/metrics/query", """{"hours":-5}""", Json, 400, "hours" },
        { "POST", $"{Api}/metrics/query", """{"hourz":1}""", Json, 400, "hourz" },
        { "POST", $"{Api}/metrics/query", """{"from":"not a time"}""", Json, 400, "from" },
        { "POST", $"{Api}/metrics/query", """{"container_id":42}""", Json, 400, "container_id" },
        { "POST", $"{Api}/metrics/query", "{\"container_id\":\"" + new string('x', 70 * 1024) + "\"}", Json, 413, "body" },
        // GET alerts
        { "GET", $"{Api}/alerts?level=fatal", null, null, 400, "level" },
        { "GET", $"{Api}/alerts?level=CRITICAL", null, null, 400, "level" },
        { "GET", $"{Api}/alerts?state=open", null, null, 400, "state" },
        { "GET", $"{Api}/alerts?metric_type=disk", null, null, 400, "metric_type" },
        { "GET", $"{Api}/alerts?hours=200", null, null, 400, "hours" },
        { "GET", $"{Api}/alerts?limit=-3", null, null, 400, "limit" },
        // thresholds
        { "GET", $"{Api}/thresholds/bogus", null, null, 400, "metric_type" },
        { "GET", $"{Api}/thresholds?metric_type=cpu_percent", null, null, 400, "metric_type" },
        { "PUT", $"{Api}/thresholds/disk_percent", """{"warning_threshold":70,"critical_threshold":90}""", Json, 400, "metric_type" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning_threshold":95,"critical_threshold":90}""", Json, 400, "critical_threshold" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning_threshold":90,"critical_threshold":90}""", Json, 400, "critical_threshold" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"critical_threshold":90}""", Json, 400, "warning_threshold" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning_threshold":70}""", Json, 400, "critical_threshold" },
        { "PUT", $"{Api}/thresholds/memory_percent", """{"warning_threshold":80,"critical_threshold":150}""", Json, 400, "critical_threshold" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning_threshold":-1,"critical_threshold":90}""", Json, 400, "warning_threshold" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"metric_type":"memory_percent","warning_threshold":70,"critical_threshold":90}""", Json, 400, "metric_type" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"metric_type":"disk","warning_threshold":70,"critical_threshold":90}""", Json, 400, "metric_type" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning_threshold":70,"critical_threshold":90,"enabled":"yes"}""", Json, 400, "enabled" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning_threshold":70,"critical_threshold":90,"container_id":"a","service_name":"b"}""", Json, 400, "container_id" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning_threshold":70,"critical_threshold":90,"hysteresis_percent":100}""", Json, 400, "hysteresis_percent" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning_threshold":70,"critical_threshold":90,"for_seconds":-1}""", Json, 400, "for_seconds" },
        { "PUT", $"{Api}/thresholds/cpu_percent", """{"warning":70,"critical":90}""", Json, 400, "warning" },
        { "PUT", $"{Api}/thresholds/cpu_percent", "<threshold/>", "application/xml", 415, "Content-Type" },
        { "DELETE", $"{Api}/thresholds/cpu_percent?container_id=nope", null, null, 404, "container_id" },
        { "DELETE", $"{Api}/thresholds/cpu_percent?service_name=nope", null, null, 404, "service_name" },
        { "DELETE", $"{Api}/thresholds/cpu_percent?container_id=a&service_name=b", null, null, 400, "container_id" },
        // containers and logs
        { "GET", $"{Api}/containers/unknown-container", null, null, 404, "id" },
        { "GET", $"{Api}/containers/bad%20id", null, null, 400, "id" },
        { "GET", $"{Api}/containers?active=maybe", null, null, 400, "active" },
        { "GET", "/api/containers/unknown-container/logs", null, null, 404, "id" },
        { "GET", $"{Api}/containers/unknown-container/logs", null, null, 404, "id" },
        { "GET", "/api/containers/abc123/logs?tail=-1", null, null, 400, "tail" },
        { "GET", "/api/containers/abc123/logs?tail=100000", null, null, 400, "tail" },
        { "GET", "/api/containers/abc123/logs?since=garbage", null, null, 400, "since" },
        { "GET", "/api/containers/abc123/logs?timestamps=yes", null, null, 400, "timestamps" },
        { "GET", "/api/containers/..%2Fetc/logs", null, null, 400, "id" },
        // export, control, health, unknown routes
        { "GET", $"{Api}/export/metrics?format=xml", null, null, 400, "format" },
        { "GET", $"{Api}/export/alerts?level=info", null, null, 400, "level" },
        { "POST", $"{Api}/stop?hosts=all", null, null, 400, "hosts" },
        { "GET", "/api/health?verbose=1", null, null, 400, "verbose" },
        { "GET", $"{Api}/status?x=1", null, null, 400, "x" },
        { "GET", $"{Api}/nowhere", null, null, 404, "path" },
        { "DELETE", $"{Api}/status", null, null, 405, "method" },
        { "PATCH", $"{Api}/thresholds/cpu_percent", "{}", Json, 405, "method" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task ABadInputIsAProblemNamingItsField(string method, string path, string? body, string? contentType, int status, string field)
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            }
        }

        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(status == (int)response.StatusCode, $"{method} {path}: expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.Equal(field, problem["field"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        if (status == 400)
        {
            Assert.NotNull(problem["errors"]![field]);
            Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        }
    }

    [Fact]
    public async Task ProblemsSayWhatIsAllowed()
    {
        await using var app = ApiApplication.Create();
        using var client = app.Client();

        using var response = await client.GetAsync($"{Api}/alerts?level=fatal", Ct);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("level 'fatal' is not one of warning, critical.", problem["detail"]!.GetValue<string>());
    }
}
