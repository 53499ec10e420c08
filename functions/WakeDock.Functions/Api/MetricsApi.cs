using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

/// <summary>The spec's advanced query body (<c>container_id</c>, <c>service_name</c>, <c>hours</c>, <c>limit</c>), plus <c>host</c>, <c>from</c>, <c>to</c> and <c>step</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MetricsQueryRequest
{
    public string? ContainerId { get; init; }

    public string? ServiceName { get; init; }

    public string? Host { get; init; }

    public double? Hours { get; init; }

    public int? Limit { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary><c>30s</c>, <c>5m</c>, <c>1h</c>… for buckets of that width, or <c>auto</c> for <c>limit</c> buckets per container.</summary>
    public string? Step { get; init; }
}

/// <summary>Turns a metrics request (query string or body) into a query of the core, refusing what cannot be meant.</summary>
public sealed class MetricsPlanner(IOptions<WakeDockOptions> options, TimeProvider time)
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;
    public const double DefaultHours = 1;

    public SampleQuery Plan(MetricsQueryRequest request)
    {
        var limit = request.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw ApiProblem.Invalid("limit", $"limit must be between 1 and {MaxLimit}; got {limit}.");
        }

        if (request.Hours is <= 0 || request.Hours is { } h && !double.IsFinite(h))
        {
            throw ApiProblem.Invalid("hours", "hours must be a number greater than 0.");
        }

        var auto = string.Equals(request.Step, "auto", StringComparison.Ordinal);
        var step = request.Step is { } text && !auto ? ApiQuery.ParseDuration("step", text) : (TimeSpan?)null;
        var window = QueryWindow.Resolve(request.Hours, request.From, request.To, DefaultHours, Retention(step ?? (auto ? TimeSpan.FromMinutes(1) : null)), time.GetUtcNow());
        if (step is { } width && window.Length.Ticks / width.Ticks > MaxLimit)
        {
            throw ApiProblem.Invalid("step", string.Create(CultureInfo.InvariantCulture,
                $"A step of {width} makes {window.Length.Ticks / width.Ticks} points per container over this window; at most {MaxLimit}: widen the step."));
        }

        return new SampleQuery
        {
            ContainerId = Text("container_id", request.ContainerId),
            ServiceName = Text("service_name", request.ServiceName),
            Host = Text("host", request.Host),
            From = window.From,
            To = window.To,
            Limit = limit,
            Order = step is not null || auto ? SampleOrder.Downsampled : SampleOrder.NewestFirst,
            Step = step,
        };
    }

    /// <summary>Raw samples are kept <c>MetricsDays</c>; a downsampled query reads the coarsest tier that fits its step, kept longer.</summary>
    public (int Days, string Setting) Retention(TimeSpan? step)
    {
        var r = options.Value.Retention;
        (int, string) raw = (r.MetricsDays, "WAKEDOCK_METRICS_RETENTION_DAYS");
        return step switch
        {
            null => raw,
            { TotalHours: >= 1 } => Longest(raw, (r.HourTierDays, "WakeDock:Retention:HourTierDays")),
            { TotalMinutes: >= 15 } => Longest(raw, (r.QuarterTierDays, "WakeDock:Retention:QuarterTierDays")),
            { TotalMinutes: >= 1 } => Longest(raw, (r.MinuteTierDays, "WakeDock:Retention:MinuteTierDays")),
            _ => raw,
        };
    }

    private static (int, string) Longest((int Days, string) a, (int Days, string) b) => a.Days >= b.Days ? a : b;

    private static string? Text(string field, string? value)
        => string.IsNullOrWhiteSpace(value) ? null : ApiQuery.CheckText(field, value.Trim());
}

/// <summary>Which samples a query string selects (metrics and the metrics export).</summary>
public sealed record SampleSelection
{
    [FromQuery(Name = "container_id"), Description("A container id (a prefix of 12 characters or more matches too).")]
    public string? ContainerId { get; init; }

    [FromQuery(Name = "service_name"), Description("A Docker Compose service.")]
    public string? ServiceName { get; init; }

    [FromQuery(Name = "host"), Description("A Docker host (beyond the spec).")]
    public string? Host { get; init; }

    [FromQuery(Name = "hours"), Description("How many hours back from now (or from `to`); 1 by default. Fractions allowed."), Range(0d, double.MaxValue, MinimumIsExclusive = true)]
    public double? Hours { get; init; }

    [FromQuery(Name = "from"), Description("Start of an absolute window, RFC 3339 (beyond the spec; not with hours).")]
    public DateTimeOffset? From { get; init; }

    [FromQuery(Name = "to"), Description("End of the window, RFC 3339; now by default (beyond the spec).")]
    public DateTimeOffset? To { get; init; }

    [FromQuery(Name = "step"), Duration, Description("Downsample into buckets of this width (30s, 5m, 1h), or `auto` for `limit` buckets per container (beyond the spec).")]
    public string? Step { get; init; }

    /// <summary>The selection as a metrics request, checked like a body.</summary>
    public MetricsQueryRequest Request(int? limit) => new()
    {
        ContainerId = ContainerId,
        ServiceName = ServiceName,
        Host = Host,
        Hours = Hours,
        From = From,
        To = To,
        Step = Step,
        Limit = limit,
    };
}

/// <summary>How many samples <c>/metrics</c> answers.</summary>
public sealed record SampleLimit
{
    [FromQuery(Name = "limit"), DefaultValue(MetricsPlanner.DefaultLimit), Range(1, MetricsPlanner.MaxLimit),
     Description("The most samples returned, newest first (with step: buckets per container for `auto`).")]
    public int? Limit { get; init; }
}

internal static class MetricsApi
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static void MapMetrics(this RouteGroupBuilder api)
    {
        api.MapGet("/metrics", GetAsync)
            .WithName("GetMetrics")
            .Produces<IReadOnlyList<ContainerSample>>(StatusCodes.Status200OK, JsonContentType)
            .WithSummary("Samples in the spec's shape, newest first (or downsampled with step).");
        api.MapPost("/metrics/query", QueryAsync)
            .WithName("QueryMetrics")
            .Produces<IReadOnlyList<ContainerSample>>(StatusCodes.Status200OK, JsonContentType)
            .WithSummary("The same query with a JSON body.")
            .Accepts<MetricsQueryRequest>("application/json");
    }

    private static Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        [AsParameters] SampleSelection selection, [AsParameters] SampleLimit limit, HttpContext context, MetricsPlanner planner, MetricsAnswerCache answers)
        => ApiProblem.AnswerAsync(() => AnswerAsync(context, selection.Request(limit.Limit), planner, answers));

    private static Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> QueryAsync(HttpContext context, MetricsPlanner planner, MetricsAnswerCache answers)
        => ApiProblem.AnswerAsync(async () => await AnswerAsync(context, await ApiBody.ReadAsync(context, ApiJsonContext.Default.MetricsQueryRequest), planner, answers));

    private static async Task<FileContentHttpResult> AnswerAsync(HttpContext context, MetricsQueryRequest request, MetricsPlanner planner, MetricsAnswerCache answers)
    {
        var answer = await answers.AnswerAsync(planner.Plan(request) with { Scope = context.ScopeOf() }, endsNow: request.From is null && request.To is null, context.RequestAborted);
        Describe(context.Response, answer.Result);
        return TypedResults.Bytes(answer.Json, JsonContentType);
    }

    /// <summary>What the bare array of the spec cannot say, in headers: the tier read, the bucket width, a cut list.</summary>
    public static void Describe(HttpResponse response, SampleQueryResult result)
    {
        response.Headers["X-WakeDock-Resolution"] = result.Resolution;
        if (result.Step is { } step)
        {
            response.Headers["X-WakeDock-Step"] = step.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        }

        if (result.Truncated)
        {
            response.Headers["X-WakeDock-Truncated"] = "true";
        }
    }
}
