namespace WakeDock.Functions.Observability;

/// <summary>The <c>WakeDock:Observability</c> section: what <c>/metrics</c> serves and how traces name the host.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "WakeDock:Observability";

    /// <summary>Where the Prometheus scrape is served.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>Whether <c>/metrics</c> carries every monitored container's latest values under cAdvisor's names.</summary>
    public bool ContainerMetrics { get; set; } = true;

    /// <summary>
    /// A container whose newest sample is older than this (or than three of its collection intervals, if
    /// longer) is left out of the scrape, as cAdvisor drops a container that is gone.
    /// </summary>
    public TimeSpan ContainerStaleAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The <c>service.name</c> of exported spans (<c>OTEL_SERVICE_NAME</c> wins).</summary>
    public string ServiceName { get; set; } = "wakedock-functions";
}
