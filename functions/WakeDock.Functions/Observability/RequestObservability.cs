using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace WakeDock.Functions.Observability;

/// <summary>
/// The outermost middleware: times every request, counts it in <see cref="HttpRequestMetrics"/> by its
/// route template, writes one log line (category <see cref="LogCategory"/>: Error for 5xx, Debug for
/// health checks and scrapes, Information otherwise; never the query string or headers) and names the
/// request's span after its route. Being first, it also sees the 401s and 429s of the middlewares after it.
/// </summary>
public sealed partial class RequestObservability(RequestDelegate next, HttpRequestMetrics metrics, ILoggerFactory loggers, IOptions<ObservabilityOptions> options)
{
    public const string LogCategory = "WakeDock.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(LogCategory);
    private readonly string _metricsPath = options.Value.MetricsPath;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            // an exception that escapes becomes the server's 500 once it reaches Kestrel
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var method = MethodLabel(context.Request.Method);
            var route = RouteLabel(context);
            metrics.Record(method, route, status, elapsed.TotalSeconds);
            Describe(Activity.Current, method, route, context.Request.Path.Value, status);
            var level = Level(route, status);
            if (_logger.IsEnabled(level))
            {
                var path = context.Request.Path.Value ?? "";
                var milliseconds = Math.Round(elapsed.TotalMilliseconds, 2);
                LogRequest(_logger, level, method, path, status, milliseconds, route);
            }
        }
    }

    /// <summary>The endpoint's route template (bounded cardinality), or <see cref="HttpRequestMetrics.Unmatched"/>.</summary>
    public static string RouteLabel(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint() switch
        {
            RouteEndpoint { RoutePattern.RawText: { } template } => template,
            { DisplayName: { } name } => name,
            _ => HttpRequestMetrics.Unmatched,
        };
    }

    /// <summary>The standard methods as they are; anything else as <c>OTHER</c>, so a client cannot add series at will.</summary>
    public static string MethodLabel(string method)
    {
        var canonical = HttpMethods.GetCanonicalizedValue(method);
        return HttpMethods.IsGet(canonical) || HttpMethods.IsPost(canonical) || HttpMethods.IsPut(canonical) || HttpMethods.IsDelete(canonical)
               || HttpMethods.IsPatch(canonical) || HttpMethods.IsHead(canonical) || HttpMethods.IsOptions(canonical)
            ? canonical
            : "OTHER";
    }

    private LogLevel Level(string route, int status)
        => status >= 500 ? LogLevel.Error
            : route == _metricsPath || route.StartsWith("/health", StringComparison.Ordinal) ? LogLevel.Debug
            : LogLevel.Information;

    private static void Describe(Activity? activity, string method, string route, string? path, int status)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.DisplayName = method + " " + route;
        activity.SetTag("http.request.method", method);
        activity.SetTag("http.route", route);
        activity.SetTag("url.path", path);
        activity.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "HttpRequest", Message = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {ElapsedMilliseconds} ms ({Route})")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string requestMethod, string requestPath, int statusCode, double elapsedMilliseconds, string route);
}
