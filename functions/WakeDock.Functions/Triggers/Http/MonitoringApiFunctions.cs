using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;

namespace WakeDock.Functions.Triggers.Http;

/// <summary>
/// The spec's query API (<c>/api/v1/monitoring/…</c> and <c>/api/…</c>), one HTTP-triggered function per route. Keys,
/// roles, rate limits and problem details are WakeDock's own (see docs/security.md), so the Functions host lets every
/// request through (<see cref="AuthorizationLevel.Anonymous"/>) and the endpoint decides.
/// </summary>
public sealed class MonitoringApiFunctions(IHttpEndpoints api)
{
    [Function("GetMonitoringStatus")]
    public Task<IActionResult> GetMonitoringStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/status")] HttpRequest request) => api.RunAsync("GetMonitoringStatus", request);

    [Function("StartMonitoring")]
    public Task<IActionResult> StartMonitoring([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/monitoring/start")] HttpRequest request) => api.RunAsync("StartMonitoring", request);

    [Function("StopMonitoring")]
    public Task<IActionResult> StopMonitoring([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/monitoring/stop")] HttpRequest request) => api.RunAsync("StopMonitoring", request);

    [Function("GetMetrics")]
    public Task<IActionResult> GetMetrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/metrics")] HttpRequest request) => api.RunAsync("GetMetrics", request);

    [Function("QueryMetrics")]
    public Task<IActionResult> QueryMetrics([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/monitoring/metrics/query")] HttpRequest request) => api.RunAsync("QueryMetrics", request);

    [Function("GetAlerts")]
    public Task<IActionResult> GetAlerts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/alerts")] HttpRequest request) => api.RunAsync("GetAlerts", request);

    [Function("GetThresholds")]
    public Task<IActionResult> GetThresholds([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/thresholds")] HttpRequest request) => api.RunAsync("GetThresholds", request);

    [Function("GetThreshold")]
    public Task<IActionResult> GetThreshold([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/thresholds/{metric_type}")] HttpRequest request) => api.RunAsync("GetThreshold", request);

    [Function("PutThreshold")]
    public Task<IActionResult> PutThreshold([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/v1/monitoring/thresholds/{metric_type}")] HttpRequest request) => api.RunAsync("PutThreshold", request);

    [Function("DeleteThreshold")]
    public Task<IActionResult> DeleteThreshold([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/v1/monitoring/thresholds/{metric_type}")] HttpRequest request) => api.RunAsync("DeleteThreshold", request);

    [Function("GetContainers")]
    public Task<IActionResult> GetContainers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/containers")] HttpRequest request) => api.RunAsync("GetContainers", request);

    [Function("GetContainer")]
    public Task<IActionResult> GetContainer([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/containers/{id}")] HttpRequest request) => api.RunAsync("GetContainer", request);

    [Function("GetHosts")]
    public Task<IActionResult> GetHosts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/hosts")] HttpRequest request) => api.RunAsync("GetHosts", request);

    [Function("GetHost")]
    public Task<IActionResult> GetHost([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/hosts/{host}")] HttpRequest request) => api.RunAsync("GetHost", request);

    [Function("GetIncidents")]
    public Task<IActionResult> GetIncidents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/incidents")] HttpRequest request) => api.RunAsync("GetIncidents", request);

    [Function("GetStatistics")]
    public Task<IActionResult> GetStatistics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/statistics")] HttpRequest request) => api.RunAsync("GetStatistics", request);

    [Function("GetMonitoredContainerLogs")]
    public Task<IActionResult> GetMonitoredContainerLogs([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/containers/{id}/logs")] HttpRequest request) => api.RunAsync("GetMonitoredContainerLogs", request);

    [Function("GetContainerActions")]
    public Task<IActionResult> GetContainerActions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/containers/{id}/actions")] HttpRequest request) => api.RunAsync("GetContainerActions", request);

    [Function("StartContainer")]
    public Task<IActionResult> StartContainer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/monitoring/containers/{id}/start")] HttpRequest request) => api.RunAsync("StartContainer", request);

    [Function("StopContainer")]
    public Task<IActionResult> StopContainer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/monitoring/containers/{id}/stop")] HttpRequest request) => api.RunAsync("StopContainer", request);

    [Function("RestartContainer")]
    public Task<IActionResult> RestartContainer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/monitoring/containers/{id}/restart")] HttpRequest request) => api.RunAsync("RestartContainer", request);

    [Function("ExportMetrics")]
    public Task<IActionResult> ExportMetrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/export/metrics")] HttpRequest request) => api.RunAsync("ExportMetrics", request);

    [Function("ExportAlerts")]
    public Task<IActionResult> ExportAlerts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/export/alerts")] HttpRequest request) => api.RunAsync("ExportAlerts", request);

    [Function("GetContainerLogs")]
    public Task<IActionResult> GetContainerLogs([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/containers/{id}/logs")] HttpRequest request) => api.RunAsync("GetContainerLogs", request);

    [Function("DetailedHealth")]
    public Task<IActionResult> DetailedHealth([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) => api.RunAsync("DetailedHealth", request);

    [Function("GetLiveEndpoints")]
    public Task<IActionResult> GetLiveEndpoints([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/monitoring/live")] HttpRequest request) => api.RunAsync("GetLiveEndpoints", request);

    [Function("ReportDashboardHealth")]
    public Task<IActionResult> ReportDashboardHealth([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/monitoring/dashboard/reports")] HttpRequest request) => api.RunAsync("ReportDashboardHealth", request);
}
