using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;

namespace WakeDock.Functions.Triggers.Http;

/// <summary>
/// The routes around the API: liveness, the Prometheus scrape, the Dapr subscription and its delivery route, the broker's
/// dead letters, the exchange of a key for a token, and SignalR's negotiate. The ingest routes check the sidecar's token or an agent key themselves.
/// </summary>
public sealed class PlatformFunctions(IHttpEndpoints api)
{
    [Function("Liveness")]
    public Task<IActionResult> Liveness([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) => api.RunAsync("Liveness", request);

    [Function("PrometheusMetrics")]
    public Task<IActionResult> PrometheusMetrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request) => api.RunAsync("PrometheusMetrics", request);

    [Function("DaprSubscribe")]
    public Task<IActionResult> DaprSubscribe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dapr/subscribe")] HttpRequest request) => api.RunAsync("DaprSubscribe", request);

    [Function("IngestSamples")]
    public Task<IActionResult> IngestSamples([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ingest/samples")] HttpRequest request) => api.RunAsync("IngestSamples", request);

    [Function("RecordBrokerDeadLetters")]
    public Task<IActionResult> RecordBrokerDeadLetters([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ingest/dead-letters")] HttpRequest request) => api.RunAsync("RecordBrokerDeadLetters", request);

    [Function("IssueAccessToken")]
    public Task<IActionResult> IssueAccessToken([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/auth/token")] HttpRequest request) => api.RunAsync("IssueAccessToken", request);

    [Function("NegotiateLive")]
    public Task<IActionResult> NegotiateLive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "hubs/live/negotiate")] HttpRequest request) => api.RunAsync("NegotiateLive", request);
}
