using System.Diagnostics.Metrics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using WakeDock.Functions.Http;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Functions.Api;

/// <summary>
/// What a dashboard page reports about itself (seed 003, front-end health): <c>load</c> with its timings in
/// milliseconds from the navigation's start, or <c>error</c> / <c>unhandled_rejection</c> with the message.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DashboardReport
{
    public string? Kind { get; init; }

    public double? DomContentLoadedMs { get; init; }

    public double? PageLoadMs { get; init; }

    /// <summary>From the navigation's start to the first containers drawn (null when none had reported yet).</summary>
    public double? FirstDataMs { get; init; }

    public string? Message { get; init; }

    /// <summary>Where an error was thrown: script, line, column.</summary>
    public string? Source { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DashboardReport))]
internal sealed partial class DashboardReportJsonContext : JsonSerializerContext;

/// <summary>
/// The dashboards' own health on <c>/metrics</c>: <c>wakedock_dashboard_page_load_seconds{phase}</c> (histogram of
/// DOM ready, load, first data), <c>wakedock_dashboard_errors_total{kind}</c>; each error is also logged.
/// </summary>
public sealed partial class DashboardHealth
{
    public const string LoadKind = "load";
    public static readonly string[] ErrorKinds = ["error", "unhandled_rejection"];
    public const double MaxMilliseconds = 600_000;
    public const int MaxText = 1000;

    private readonly Histogram<double> _load;
    private readonly Counter<long> _errors;
    private readonly ILogger<DashboardHealth> _logger;

    public DashboardHealth(IMeterFactory meters, ILogger<DashboardHealth> logger)
    {
        var meter = meters.Create(PipelineMetrics.MeterName);
        _load = meter.CreateHistogram<double>("wakedock.dashboard.page_load", "s", "Dashboard page loads as the browsers timed them, by phase (dom_content_loaded, load, first_data).");
        _errors = meter.CreateCounter<long>("wakedock.dashboard.errors", "{error}", "Uncaught errors and unhandled promise rejections the dashboards reported, by kind.");
        _logger = logger;
    }

    public void Record(DashboardReport report)
    {
        if (report.Kind == LoadKind)
        {
            var load = Milliseconds("page_load_ms", report.PageLoadMs) ?? throw ApiProblem.Invalid("page_load_ms", "A load report needs page_load_ms.");
            var ready = Milliseconds("dom_content_loaded_ms", report.DomContentLoadedMs);
            var data = Milliseconds("first_data_ms", report.FirstDataMs);
            Text("message", report.Message, allowed: false);
            _load.Record(load / 1000, new KeyValuePair<string, object?>("phase", "load"));
            if (ready is { } r)
            {
                _load.Record(r / 1000, new KeyValuePair<string, object?>("phase", "dom_content_loaded"));
            }

            if (data is { } d)
            {
                _load.Record(d / 1000, new KeyValuePair<string, object?>("phase", "first_data"));
            }

            return;
        }

        if (!ErrorKinds.Contains(report.Kind))
        {
            throw ApiProblem.Invalid("kind", $"kind must be {LoadKind}, {string.Join(" or ", ErrorKinds)}; got '{report.Kind}'.");
        }

        var message = Text("message", report.Message, allowed: true) ?? throw ApiProblem.Invalid("message", "An error report needs its message.");
        var source = Text("source", report.Source, allowed: true);
        _errors.Add(1, new KeyValuePair<string, object?>("kind", report.Kind));
        LogError(_logger, report.Kind!, message, source ?? "unknown");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard {Kind}: {Message} at {Source}")]
    private static partial void LogError(ILogger logger, string kind, string message, string source);

    private static double? Milliseconds(string field, double? value)
        => value is not { } v ? null
            : double.IsFinite(v) && v is >= 0 and <= MaxMilliseconds ? v
            : throw ApiProblem.Invalid(field, $"{field} must be between 0 and {MaxMilliseconds} milliseconds; got {v}.");

    private static string? Text(string field, string? value, bool allowed)
        => value is null ? null
            : !allowed ? throw ApiProblem.Invalid(field, $"A load report has no {field}.")
            : value.Length <= MaxText ? value
            : throw ApiProblem.Invalid(field, $"{field} holds at most {MaxText} characters; got {value.Length}.");
}

internal static class DashboardHealthApi
{
    public const string Path = "/dashboard/reports";

    public static void MapDashboardHealth(this RouteGroupBuilder api)
        => api.MapPost(Path, ReceiveAsync)
            .WithName("ReportDashboardHealth")
            .WithSummary("A dashboard page's load timings or an uncaught error, counted on /metrics (wakedock_dashboard_page_load_seconds, wakedock_dashboard_errors_total).")
            .Accepts<DashboardReport>("application/json");

    private static async Task<NoContent> ReceiveAsync(HttpContext context, DashboardHealth health)
    {
        health.Record(await ApiBody.ReadAsync(context, DashboardReportJsonContext.Default.DashboardReport));
        return TypedResults.NoContent();
    }
}
