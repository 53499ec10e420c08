using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Observability;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Metrics;

public sealed class RequestObservabilityTests
{
    [Fact]
    public async Task ARequestIsCountedAndLoggedByItsRouteTemplateNeverItsPath()
    {
        var (middleware, metrics, logs) = Middleware(context =>
        {
            context.SetEndpoint(Endpoint("/api/containers/{id}/logs"));
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(Request("GET", "/api/containers/0123456789ab/logs", "?tail=10&token=abc"));
        await middleware.InvokeAsync(Request("GET", "/api/containers/ba9876543210/logs"));

        var scrape = HttpRequestMetricsTests.Scrape(metrics);
        Assert.Equal(2, scrape.Value("http_requests_total", ("method", "GET"), ("endpoint", "/api/containers/{id}/logs"), ("status", "200")));
        Assert.DoesNotContain("0123456789ab", scrape.Text, StringComparison.Ordinal);
        var line = logs.First();
        Assert.Equal(RequestObservability.LogCategory, line.Category);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("GET", line.Fields["RequestMethod"]);
        Assert.Equal("/api/containers/0123456789ab/logs", line.Fields["RequestPath"]);
        Assert.Equal(200, line.Fields["StatusCode"]);
        Assert.Equal("/api/containers/{id}/logs", line.Fields["Route"]);
        Assert.IsType<double>(line.Fields["ElapsedMilliseconds"]);
        Assert.DoesNotContain("token", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExceptionThatEscapesIsCountedAsThe500ItBecomesAndLoggedAsAnError()
    {
        var (middleware, metrics, logs) = Middleware(context =>
        {
            context.SetEndpoint(Endpoint("/ingest/samples"));
            throw new InvalidOperationException("boom");
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.InvokeAsync(Request("POST", "/ingest/samples")));

        Assert.Equal(1, HttpRequestMetricsTests.Scrape(metrics).Value("http_requests_total", ("method", "POST"), ("endpoint", "/ingest/samples"), ("status", "500")));
        Assert.Equal(LogLevel.Error, Assert.Single(logs).Level);
    }

    [Fact]
    public async Task UnmatchedRequestsAndUnknownMethodsShareFixedLabels()
    {
        var (middleware, metrics, _) = Middleware(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(Request("GET", "/wp-admin/setup.php"));
        await middleware.InvokeAsync(Request("GET", "/.env"));
        await middleware.InvokeAsync(Request("PROPFIND", "/"));
        await middleware.InvokeAsync(Request("BREW", "/pot"));

        var scrape = HttpRequestMetricsTests.Scrape(metrics);
        Assert.Equal(2, scrape.Value("http_requests_total", ("method", "GET"), ("endpoint", "unmatched"), ("status", "404")));
        Assert.Equal(2, scrape.Value("http_requests_total", ("method", "OTHER"), ("endpoint", "unmatched"), ("status", "404")));
    }

    [Fact]
    public async Task HealthChecksAndScrapesAreLoggedAtDebugServerErrorsAtError()
    {
        var status = 200;
        var route = "/health";
        var (middleware, _, logs) = Middleware(context =>
        {
            context.SetEndpoint(Endpoint(route));
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });

        await middleware.InvokeAsync(Request("GET", "/health"));
        route = "/metrics";
        await middleware.InvokeAsync(Request("GET", "/metrics"));
        route = "/dapr/subscribe";
        status = 503;
        await middleware.InvokeAsync(Request("GET", "/dapr/subscribe"));
        status = 401;
        await middleware.InvokeAsync(Request("GET", "/dapr/subscribe"));

        Assert.Equal([LogLevel.Debug, LogLevel.Debug, LogLevel.Error, LogLevel.Information], logs.Select(e => e.Level));
    }

    [Fact]
    public async Task TheRequestSpanIsNamedAfterItsRouteAndTagged()
    {
        var (middleware, _, _) = Middleware(context =>
        {
            context.SetEndpoint(Endpoint("/api/containers/{id}"));
            context.Response.StatusCode = 502;
            return Task.CompletedTask;
        });
        using var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").SetIdFormat(ActivityIdFormat.W3C);
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        activity.IsAllDataRequested = true;
        activity.Start();

        await middleware.InvokeAsync(Request("GET", "/api/containers/abc"));

        Assert.Equal("GET /api/containers/{id}", activity.DisplayName);
        Assert.Equal("/api/containers/{id}", activity.GetTagItem("http.route"));
        Assert.Equal(502, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("/api/containers/abc", activity.GetTagItem("url.path"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    private static (RequestObservability Middleware, HttpRequestMetrics Metrics, ConcurrentQueue<LogRecord> Logs) Middleware(RequestDelegate next)
    {
        var metrics = new HttpRequestMetrics();
        var logs = new ConcurrentQueue<LogRecord>();
        var factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(new CollectingLoggerProvider(new(), logs)));
        return (new RequestObservability(next, metrics, factory, Options.Create(new ObservabilityOptions())), metrics, logs);
    }

    private static DefaultHttpContext Request(string method, string path, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        return context;
    }

    private static RouteEndpoint Endpoint(string template)
        => new(_ => Task.CompletedTask, RoutePatternFactory.Parse(template), 0, EndpointMetadataCollection.Empty, template);
}
