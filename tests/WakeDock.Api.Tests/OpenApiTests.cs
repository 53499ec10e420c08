using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using WakeDock.Api.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Api.Tests;

/// <summary>The OpenAPI document at /openapi/v1.json describes every endpoint of the API, its parameters, body, answers and keys.</summary>
public sealed class OpenApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(WakeDockApplication App, JsonNode Document)> DocumentAsync()
    {
        var app = ApiApplication.Create();
        using var client = app.Client();
        return (app, JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!);
    }

    [Fact]
    public async Task EveryApiEndpointIsInTheDocumentWithItsMethod()
    {
        var (app, document) = await DocumentAsync();
        await using var _ = app;
        var endpoints = app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal) || e.RoutePattern.RawText == "/health")
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: e.RoutePattern.RawText!, Method: m.ToLowerInvariant())))
            .ToList();

        Assert.True(endpoints.Count >= 19, $"only {endpoints.Count} endpoints");
        foreach (var (path, method) in endpoints)
        {
            var operation = document["paths"]![path]?[method];
            Assert.True(operation is not null, $"{method} {path} is missing from the OpenAPI document");
            Assert.False(string.IsNullOrEmpty(operation["operationId"]?.GetValue<string>()), $"{method} {path} has no operationId");
            Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{method} {path} has no summary");
            Assert.NotNull(operation["responses"]!["200"] ?? operation["responses"]!["202"] ?? operation["responses"]!["204"]);
        }
    }

    [Fact]
    public async Task TheMetricsParametersHaveTheirTypesDefaultsAndBounds()
    {
        var (app, document) = await DocumentAsync();
        await using var _ = app;
        var parameters = document["paths"]!["/api/v1/monitoring/metrics"]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);

        Assert.Equal(["container_id", "service_name", "host", "hours", "from", "to", "step", "limit"], parameters.Keys);
        Assert.Equal("query", parameters["hours"]["in"]!.GetValue<string>());
        Assert.Equal("number", parameters["hours"]["schema"]!["type"]!.GetValue<string>());
        Assert.Equal(0, parameters["hours"]["schema"]!["exclusiveMinimum"]!.GetValue<double>());
        Assert.Equal("integer", parameters["limit"]["schema"]!["type"]!.GetValue<string>());
        Assert.Equal(1000, parameters["limit"]["schema"]!["default"]!.GetValue<int>());
        Assert.Equal(10000, parameters["limit"]["schema"]!["maximum"]!.GetValue<int>());
        Assert.Equal("date-time", parameters["from"]["schema"]!["format"]!.GetValue<string>());
        var level = document["paths"]!["/api/v1/monitoring/alerts"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "level")!;
        Assert.Equal(["warning", "critical"], level["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task BodiesAnswersAndKeysAreDescribed()
    {
        var (app, document) = await DocumentAsync();
        await using var _ = app;
        var put = document["paths"]!["/api/v1/monitoring/thresholds/{metric_type}"]!["put"]!;
        var schemas = document["components"]!["schemas"]!;

        Assert.Equal("#/components/schemas/ThresholdRequest", put["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal(["metric_type", "warning_threshold", "critical_threshold", "enabled", "for_seconds", "hysteresis_percent", "container_id", "service_name"],
            schemas["ThresholdRequest"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("cpu_percent", put["parameters"]![0]!["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("Needs an admin key once keys are configured.", put["description"]!.GetValue<string>());
        Assert.NotNull(put["responses"]!["400"]);
        Assert.NotNull(put["responses"]!["403"]);
        Assert.Equal(2, put["security"]!.AsArray().Count);
        Assert.Equal("apiKey", document["components"]!["securitySchemes"]!["ApiKey"]!["type"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal(["container_id", "container_name", "service_name", "timestamp", "cpu_percent", "memory_usage", "memory_limit", "memory_percent", "network_rx_bytes", "network_tx_bytes", "pids"],
            schemas["ContainerSample"]!["properties"]!.AsObject().Select(p => p.Key).Take(11));
        Assert.Equal("number", schemas["ContainerSample"]!["properties"]!["cpu_percent"]!["type"]!.GetValue<string>());
        Assert.Null(document["paths"]!["/health"]!["get"]!["security"]);
    }

    public static TheoryData<string, string[]> QueryEndpoints => new()
    {
        { "/api/v1/monitoring/alerts", ["level:string", "hours:number", "from:string", "to:string", "container_id:string", "service_name:string", "host:string", "state:string", "metric_type:string", "grouped:boolean", "limit:integer"] },
        { "/api/v1/monitoring/incidents", ["level:string", "hours:number", "from:string", "to:string", "container_id:string", "service_name:string", "host:string", "state:string", "metric_type:string", "limit:integer"] },
        { "/api/v1/monitoring/metrics", ["container_id:string", "service_name:string", "host:string", "hours:number", "from:string", "to:string", "step:string", "limit:integer"] },
        { "/api/v1/monitoring/containers", ["host:string", "service_name:string", "active:string"] },
        { "/api/v1/monitoring/containers/{id}/logs", ["tail:integer", "since:string", "timestamps:boolean"] },
        { "/api/containers/{id}/logs", ["tail:integer", "since:string", "timestamps:boolean"] },
        { "/api/v1/monitoring/export/metrics", ["container_id:string", "service_name:string", "host:string", "hours:number", "from:string", "to:string", "step:string", "format:string"] },
        { "/api/v1/monitoring/export/alerts", ["level:string", "hours:number", "from:string", "to:string", "container_id:string", "service_name:string", "host:string", "state:string", "metric_type:string", "format:string"] },
        { "/api/v1/monitoring/thresholds/{metric_type}", ["container_id:string", "service_name:string"] },
        { "/api/v1/monitoring/status", [] },
        { "/api/v1/monitoring/statistics", [] },
        { "/api/v1/monitoring/hosts", [] },
    };

    [Theory]
    [MemberData(nameof(QueryEndpoints))]
    public async Task EachQueryEndpointDocumentsItsRequestRecordOnce(string path, string[] expected)
    {
        var (app, document) = await DocumentAsync();
        await using var _ = app;
        var query = (document["paths"]![path]!["get"]!["parameters"]?.AsArray() ?? [])
            .Where(p => p!["in"]!.GetValue<string>() == "query")
            .Select(p => $"{p!["name"]!.GetValue<string>()}:{p["schema"]!["type"]!.GetValue<string>()}");

        Assert.Equal(expected, query);
    }

    [Theory]
    [InlineData("/api/v1/monitoring/alerts", "array", "Alert")]
    [InlineData("/api/v1/monitoring/incidents", null, "IncidentList")]
    [InlineData("/api/v1/monitoring/metrics", "array", "ContainerSample")]
    [InlineData("/api/v1/monitoring/containers", null, "ContainerList")]
    [InlineData("/api/v1/monitoring/containers/{id}", null, "ContainerEntry")]
    [InlineData("/api/v1/monitoring/containers/{id}/logs", null, "ContainerLogsResponse")]
    [InlineData("/api/v1/monitoring/hosts/{host}", null, "HostEntry")]
    [InlineData("/api/v1/monitoring/export/alerts", "array", "Alert")]
    [InlineData("/api/v1/monitoring/status", null, "MonitoringStatus")]
    [InlineData("/api/v1/monitoring/statistics", null, "StatisticsResponse")]
    [InlineData("/api/v1/monitoring/hosts", null, "HostList")]
    public async Task EachQueryEndpointDocumentsItsAnswerAndItsProblem(string path, string? container, string schema)
    {
        var (app, document) = await DocumentAsync();
        await using var _ = app;
        var responses = document["paths"]![path]!["get"]!["responses"]!;
        var ok = responses["200"]!["content"]!.AsObject().First().Value!["schema"]!;

        Assert.Equal(container, ok["type"]?.GetValue<string>());
        Assert.Equal($"#/components/schemas/{schema}", (container is null ? ok : ok["items"])!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/HttpValidationProblemDetails",
            responses["400"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Contains("`field` names it", responses["400"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheRecordsBoundsDefaultsAndChoicesReachTheDocument()
    {
        var (app, document) = await DocumentAsync();
        await using var _ = app;
        var alerts = Parameters(document, "/api/v1/monitoring/alerts");
        var logs = Parameters(document, "/api/containers/{id}/logs");
        var export = Parameters(document, "/api/v1/monitoring/export/alerts");

        Assert.Equal(["firing", "resolved", "all"], alerts["state"]["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("firing", alerts["state"]["schema"]!["default"]!.GetValue<string>());
        Assert.Contains("cpu_percent", alerts["metric_type"]["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.False(alerts["grouped"]["schema"]!["default"]!.GetValue<bool>());
        Assert.Equal(0, logs["tail"]["schema"]!["minimum"]!.GetValue<int>());
        Assert.Equal(5000, logs["tail"]["schema"]!["maximum"]!.GetValue<int>());
        Assert.Equal(200, logs["tail"]["schema"]!["default"]!.GetValue<int>());
        Assert.Equal(["json", "ndjson", "csv"], export["format"]["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Null(alerts["hours"]["schema"]!["maximum"]);
        Assert.False(string.IsNullOrEmpty(alerts["from"]["description"]?.GetValue<string>()));
    }

    private static Dictionary<string, JsonNode> Parameters(JsonNode document, string path)
        => document["paths"]![path]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
}
