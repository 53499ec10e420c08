using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Functions.Api;

/// <summary>
/// The spec's threshold body (<c>metric_type</c>, <c>warning_threshold</c>, <c>critical_threshold</c>, <c>enabled</c>),
/// plus <c>for_seconds</c>, <c>hysteresis_percent</c>, and <c>container_id</c> or <c>service_name</c> for an override.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ThresholdRequest
{
    public string? MetricType { get; init; }

    public double? WarningThreshold { get; init; }

    public double? CriticalThreshold { get; init; }

    public bool? Enabled { get; init; }

    public double? ForSeconds { get; init; }

    public double? HysteresisPercent { get; init; }

    public string? ContainerId { get; init; }

    public string? ServiceName { get; init; }
}

/// <summary>Which override a threshold request means: a container's, a service's, or none (the global threshold).</summary>
public sealed record ThresholdTarget
{
    [FromQuery(Name = "container_id"), Description("The override of this container.")]
    public string? ContainerId { get; init; }

    [FromQuery(Name = "service_name"), Description("The override of this service.")]
    public string? ServiceName { get; init; }
}

internal static class ThresholdsApi
{
    private const double MaxLevel = 1e9;
    private const double MaxForSeconds = 7 * 86400;

    public static void MapThresholds(this RouteGroupBuilder api)
    {
        api.MapGet("/thresholds", GetAll)
            .WithName("GetThresholds")
            .WithSummary("The global threshold of every metric type, then the per-container and per-service overrides.");
        api.MapGet("/thresholds/{metric_type}", GetOne)
            .WithName("GetThreshold")
            .WithSummary("The threshold in force for a metric: the global one, or the one that applies to a container or service (its override, else the global).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/thresholds/{metric_type}", PutAsync)
            .WithName("PutThreshold")
            .WithSummary("Sets a global threshold, or an override with container_id or service_name in the body; kept across restarts.")
            .Accepts<ThresholdRequest>("application/json")
            .RequireAuthorization(WakeDockPolicies.Admin, WakeDockPolicies.Unscoped);
        api.MapDelete("/thresholds/{metric_type}", DeleteAsync)
            .WithName("DeleteThreshold")
            .WithSummary("Removes an override (container_id or service_name), or puts the global threshold back to its default.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(WakeDockPolicies.Admin, WakeDockPolicies.Unscoped);
    }

    private static Ok<IReadOnlyList<Threshold>> GetAll(HttpContext context, ThresholdStore thresholds, ContainerDirectory directory)
    {
        var all = thresholds.GetAll();
        return TypedResults.Ok(context.ScopeOf() is { } scope
            ? all.Where(t => t.ContainerId is null && t.ServiceName is null || Visible(directory, scope, t.ContainerId, t.ServiceName)).ToList()
            : all);
    }

    private static Results<Ok<Threshold>, ValidationProblem, ProblemHttpResult> GetOne(
        [AsParameters] ThresholdTarget target, HttpContext context, ThresholdStore thresholds, ContainerDirectory directory, [FromRoute(Name = "metric_type")] string metricType)
        => ApiProblem.Answer(() =>
        {
            var metric = WireNameParameter.Parse<MetricType>("metric_type", metricType);
            var (container, service) = (target.ContainerId, target.ServiceName);
            if ((container is not null || service is not null) && context.ScopeOf() is { } scope && !Visible(directory, scope, container, service))
            {
                throw container is not null ? ContainerIds.Unknown(container) : ApiProblem.NotFound("service_name", $"No service '{service}' is known.");
            }

            return TypedResults.Ok(container is null && service is null ? thresholds.Get(metric) : thresholds.Resolve(metric, container ?? "", service));
        });

    private static Task<Results<Ok<Threshold>, ValidationProblem, ProblemHttpResult>> PutAsync(
        HttpContext context, ThresholdStore thresholds, IOptions<WakeDockOptions> options, [FromRoute(Name = "metric_type")] string metricType)
        => ApiProblem.AnswerAsync(async () =>
        {
            var metric = WireNameParameter.Parse<MetricType>("metric_type", metricType);
            var request = await ApiBody.ReadAsync(context, ApiJsonContext.Default.ThresholdRequest);
            if (request.MetricType is { } named && named != metricType)
            {
                throw ApiProblem.Invalid("metric_type", $"The body's metric_type '{named}' differs from the path's '{metricType}'.");
            }

            var threshold = new Threshold
            {
                MetricType = metric,
                WarningThreshold = Level("warning_threshold", request.WarningThreshold, metric),
                CriticalThreshold = Level("critical_threshold", request.CriticalThreshold, metric),
                Enabled = request.Enabled ?? true,
                ForSeconds = Bounded("for_seconds", request.ForSeconds ?? (ThresholdStore.IsGauge(metric) ? options.Value.Thresholds.ForSeconds : 0), MaxForSeconds),
                HysteresisPercent = request.HysteresisPercent ?? options.Value.Thresholds.HysteresisPercent,
                ContainerId = OverrideOf("container_id", request.ContainerId),
                ServiceName = OverrideOf("service_name", request.ServiceName),
            };
            return TypedResults.Ok(await thresholds.PutAsync(threshold, context.RequestAborted));
        });

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [AsParameters] ThresholdTarget target, HttpContext context, ThresholdStore thresholds, [FromRoute(Name = "metric_type")] string metricType)
        => ApiProblem.AnswerAsync(async () =>
        {
            var metric = WireNameParameter.Parse<MetricType>("metric_type", metricType);
            var (container, service) = (target.ContainerId, target.ServiceName);
            if (container is not null && service is not null)
            {
                throw ApiProblem.Invalid("container_id", "An override names a container or a service, not both.");
            }

            if (!await thresholds.DeleteAsync(metric, container, service, context.RequestAborted))
            {
                throw (container, service) switch
                {
                    ({ } c, _) => ApiProblem.NotFound("container_id", $"There is no {metricType} override for container '{c}'."),
                    (_, { } s) => ApiProblem.NotFound("service_name", $"There is no {metricType} override for service '{s}'."),
                    _ => ApiProblem.NotFound("metric_type", $"The global {metricType} threshold is at its default already."),
                };
            }

            return TypedResults.NoContent();
        });

    /// <summary>An override a scoped caller may see: of a container it sees, or of a service one of its containers runs.</summary>
    private static bool Visible(ContainerDirectory directory, ContainerScope scope, string? containerId, string? serviceName)
        => containerId is not null
            ? directory.Find(containerId, scope) is not null
            : directory.List(null, serviceName, null, scope).Count > 0;

    private static double Level(string field, double? value, MetricType metric)
    {
        if (value is not { } level)
        {
            throw ApiProblem.Invalid(field, $"{field} is required.");
        }

        return Bounded(field, level, metric == MetricType.MemoryPercent ? 100 : MaxLevel);
    }

    private static double Bounded(string field, double value, double max)
        => value is >= 0 && value <= max
            ? value
            : throw ApiProblem.Invalid(field, string.Create(CultureInfo.InvariantCulture, $"{field} must be between 0 and {max}; got {value}."));

    private static string? OverrideOf(string field, string? value)
        => string.IsNullOrWhiteSpace(value) ? null : ApiQuery.CheckText(field, value.Trim());
}
