using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

/// <summary>The format of an export.</summary>
public sealed record ExportFormatChoice
{
    [FromQuery(Name = "format"), DefaultValue("json"), AllowedValues("json", "ndjson", "csv"), Description("json (an array, the default), ndjson (one object a line) or csv.")]
    public string? Format { get; init; }

    public ExportFormat Of() => Format switch
    {
        "ndjson" => ExportFormat.Ndjson,
        "csv" => ExportFormat.Csv,
        _ => ExportFormat.Json,
    };
}

internal static class ExportApi
{
    private static readonly (string, Func<ContainerSample, string?>)[] SampleColumns =
    [
        ("container_id", s => s.ContainerId), ("container_name", s => s.ContainerName), ("service_name", s => s.ServiceName), ("host", s => s.Host),
        ("image", s => s.Image), ("timestamp", s => ExportText.Time(s.Timestamp)),
        ("cpu_percent", s => ExportText.Number(s.CpuPercent)), ("memory_usage", s => ExportText.Number(s.MemoryUsage)),
        ("memory_limit", s => ExportText.Number(s.MemoryLimit)), ("memory_percent", s => ExportText.Number(s.MemoryPercent)),
        ("network_rx_bytes", s => ExportText.Number(s.NetworkRxBytes)), ("network_tx_bytes", s => ExportText.Number(s.NetworkTxBytes)),
        ("network_rx_bytes_per_sec", s => ExportText.Number(s.NetworkRxBytesPerSec)), ("network_tx_bytes_per_sec", s => ExportText.Number(s.NetworkTxBytesPerSec)),
        ("block_read_bytes", s => ExportText.Number(s.BlockReadBytes)), ("block_write_bytes", s => ExportText.Number(s.BlockWriteBytes)),
        ("pids", s => ExportText.Number(s.Pids)), ("sequence", s => ExportText.Number(s.Sequence)),
    ];

    private static readonly (string, Func<Alert, string?>)[] AlertColumns =
    [
        ("id", a => a.Id), ("container_id", a => a.ContainerId), ("container_name", a => a.ContainerName), ("service_name", a => a.ServiceName),
        ("host", a => a.Host), ("timestamp", a => ExportText.Time(a.Timestamp)), ("level", a => WireNames.Of<AlertLevel>(a.Level)),
        ("state", a => WireNames.Of<AlertState>(a.State)), ("metric_type", a => a.MetricType is { } m ? WireNames.Of<MetricType>(m) : null),
        ("value", a => ExportText.Number(a.Value)), ("threshold", a => ExportText.Number(a.Threshold)), ("message", a => a.Message),
    ];

    public static void MapExport(this RouteGroupBuilder api)
    {
        api.MapGet("/export/metrics", ExportMetrics)
            .WithName("ExportMetrics")
            .WithSummary("Samples of a window as a download, streamed (beyond the spec): raw samples in time order within each stored segment, or downsampled with step.")
            .Produces<IReadOnlyList<ContainerSample>>(StatusCodes.Status200OK, "application/json", "application/x-ndjson", "text/csv");
        api.MapGet("/export/alerts", ExportAlerts)
            .WithName("ExportAlerts")
            .WithSummary("Alert records of a window as a download, oldest first (beyond the spec).")
            .Produces<IReadOnlyList<Alert>>(StatusCodes.Status200OK, "application/json", "application/x-ndjson", "text/csv");
    }

    private static Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult> ExportMetrics(
        [AsParameters] SampleSelection selection, [AsParameters] ExportFormatChoice format, HttpContext context, MetricsPlanner planner, SampleQueries samples, RawSamples raw, RecentSamples recent)
        => ApiProblem.Answer(() =>
        {
            var plan = planner.Plan(selection.Request(MetricsPlanner.MaxLimit)) with { Scope = context.ScopeOf() };
            var chunks = plan.Order == SampleOrder.Downsampled ? Downsampled(samples, plan) : Raw(raw, recent, plan);
            return Download(format.Of(), "metrics", plan.From, plan.To, WakeDockJson.Context.ContainerSample, SampleColumns, chunks, context.RequestAborted);
        });

    private static Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult> ExportAlerts(
        [AsParameters] AlertSelection selection, [AsParameters] ExportFormatChoice format, HttpContext context, AlertQueries alerts, IOptions<WakeDockOptions> options, TimeProvider time)
        => ApiProblem.Answer(() =>
        {
            var plan = AlertsApi.Plan(selection, options, time, int.MaxValue) with { Scope = context.ScopeOf() };
            return Download(format.Of(), "alerts", plan.From, plan.To, WakeDockJson.Context.Alert, AlertColumns, Chronological(alerts, plan), context.RequestAborted);
        });

    private static PushStreamHttpResult Download<T>(ExportFormat format, string kind, DateTimeOffset from, DateTimeOffset to, JsonTypeInfo<T> type,
        IReadOnlyList<(string, Func<T, string?>)> columns, IAsyncEnumerable<IReadOnlyList<T>> chunks, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"wakedock-{kind}-{from.UtcDateTime:yyyyMMddTHHmmssZ}-{to.UtcDateTime:yyyyMMddTHHmmssZ}.{ExportText.Extension(format)}");
        return TypedResults.Stream(async body =>
        {
            var writer = new ExportWriter<T>(body, format, type, columns);
            await writer.StartAsync(cancellationToken);
            await foreach (var chunk in chunks.WithCancellation(cancellationToken))
            {
                await writer.WriteAsync(chunk, cancellationToken);
            }

            await writer.EndAsync(cancellationToken);
        }, ExportText.ContentType(format), name);
    }

    /// <summary>Raw samples segment by segment (through the closed segments' indexes), then the hot tier; each chunk in time order.</summary>
    private static async IAsyncEnumerable<IReadOnlyList<ContainerSample>> Raw(RawSamples raw, RecentSamples recent, SampleQuery plan,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (filter, from, to, floor) = (plan.Filter, plan.From, plan.To, recent.Floor);
        if (from < floor)
        {
            await foreach (var chunk in raw.StoredChunksAsync(filter, from, to < floor ? to : floor.AddTicks(-1), cancellationToken))
            {
                yield return [.. chunk.OrderBy(s => s.Timestamp)];
            }
        }

        if (to >= floor)
        {
            yield return [.. recent.Read(filter, from > floor ? from : floor, to).OrderBy(s => s.Timestamp)];
        }
    }

    private static async IAsyncEnumerable<IReadOnlyList<ContainerSample>> Downsampled(SampleQueries samples, SampleQuery plan,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return (await samples.QueryAsync(plan, cancellationToken)).Samples;
    }

    private static async IAsyncEnumerable<IReadOnlyList<Alert>> Chronological(AlertQueries alerts, AlertQuery plan,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return [.. (await alerts.QueryAsync(plan, cancellationToken)).Reverse()];
    }
}
