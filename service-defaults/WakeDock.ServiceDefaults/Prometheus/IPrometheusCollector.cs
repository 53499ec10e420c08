namespace WakeDock.ServiceDefaults.Prometheus;

/// <summary>Writes families that do not come from a <see cref="System.Diagnostics.Metrics.Meter"/>, at each scrape.</summary>
public interface IPrometheusCollector
{
    /// <summary>Writes the collector's families.</summary>
    void Collect(PrometheusTextWriter writer);
}
