using System.Globalization;
using Microsoft.Extensions.Options;
using WakeDock.ServiceDefaults.Prometheus;

namespace WakeDock.Functions.Observability;

/// <summary><c>GET /metrics</c>: the whole scrape in the Prometheus text format 0.0.4.</summary>
public static class MetricsEndpoint
{
    /// <summary>
    /// Maps the scrape route, open to anyone by default. The builder is returned so that the host can protect
    /// it (<c>.RequireAuthorization(policy)</c>) when metrics must not be public.
    /// </summary>
    public static RouteHandlerBuilder MapWakeDockMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var path = endpoints.ServiceProvider.GetRequiredService<IOptions<ObservabilityOptions>>().Value.MetricsPath;
        return endpoints.MapGet(path, Scrape).WithName("PrometheusMetrics").ExcludeFromDescription();
    }

    private static async Task Scrape(HttpContext context, MeterPrometheusExporter exporter)
    {
        // Collected whole first: Kestrel does not allow the exporter's synchronous writes on the response body.
        using var text = new StringWriter(new System.Text.StringBuilder(64 * 1024), CultureInfo.InvariantCulture);
        exporter.Collect(text);
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
