using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using WakeDock.Api.Tests.Support;

namespace WakeDock.Api.Tests;

/// <summary>The OpenAPI document at /openapi/v1.json describes every endpoint of the API, its parameters, body, answers and keys.</summary>
public sealed class OpenApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ApiApplication App, JsonNode Document)> DocumentAsync()
    {
        var app = new ApiApplication();
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
}
