using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using WakeDock.Contracts;
using WakeDock.Pipeline.Hosting;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Alerts;

/// <summary>
/// Outgoing webhooks: every alert record POSTed as Slack-compatible JSON (<c>text</c> plus
/// <c>attachments</c>) to each configured URL, retried with exponential backoff. Only allow-listed
/// hosts are reached (checked at start-up and again here) and redirects are never followed.
/// </summary>
public sealed class AlertWebhooks(HttpClient http, IOptions<WakeDockOptions> options, ILogger<AlertWebhooks> logger)
{
    public const string HttpClientName = "wakedock-webhooks";

    public bool Enabled => options.Value.Alerts.Webhooks.Urls.Count > 0;

    public async Task SendAsync(AlertRecord record, CancellationToken cancellationToken)
    {
        var settings = options.Value.Alerts.Webhooks;
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, settings.MaxAttempts - 1),
                Delay = settings.FirstRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TaskCanceledException>(),
            })
            .Build();
        var body = SlackMessage(record);
        foreach (var url in settings.Urls)
        {
            if (!settings.AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase))
            {
                logger.WebhookNotDelivered(null, url.Host, record.Alert.Id, "host not allow-listed");
                continue;
            }

            try
            {
                await pipeline.ExecuteAsync(async ct =>
                {
                    using var response = await http.PostAsJsonAsync(url, body, ct);
                    if ((int)response.StatusCode >= 500 || (int)response.StatusCode == 429)
                    {
                        throw new HttpRequestException($"webhook answered {(int)response.StatusCode}");
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        logger.WebhookNotDelivered(null, url.Host, record.Alert.Id, $"refused with {(int)response.StatusCode}");
                    }
                }, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.WebhookNotDelivered(e, url.Host, record.Alert.Id, "unreachable");
            }
        }
    }

    public static JsonObject SlackMessage(AlertRecord record)
    {
        var a = record.Alert;
        var icon = a.State == AlertState.Resolved ? ":white_check_mark:" : a.Level == AlertLevel.Critical ? ":red_circle:" : ":warning:";
        var who = string.Join(" / ", new[] { a.Host, a.ServiceName, a.ContainerName ?? (a.ContainerId.Length > 0 ? a.ContainerId : null) }.Where(s => !string.IsNullOrEmpty(s)));
        return new JsonObject
        {
            ["text"] = $"{icon} [{(a.State == AlertState.Resolved ? "resolved" : a.Level == AlertLevel.Critical ? "critical" : "warning")}] {who}: {a.Message}",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["color"] = a.State == AlertState.Resolved ? "good" : a.Level == AlertLevel.Critical ? "danger" : "warning",
                ["fields"] = new JsonArray(
                    Field("alert_id", a.Id), Field("metric_type", a.MetricType is { } m ? Thresholds.AlertMessages.WireName(m) : null),
                    Field("value", a.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Field("threshold", a.Threshold?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Field("timestamp", a.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))),
            }),
        };
    }

    private static JsonObject Field(string title, string? value) => new() { ["title"] = title, ["value"] = value ?? "", ["short"] = true };
}

/// <summary>Hands every alert record to <see cref="AlertWebhooks"/>, off the ingest path.</summary>
public sealed class AlertWebhookForwarder(AlertCallbacks callbacks, AlertWebhooks webhooks) : IHostedService
{
    private IDisposable? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (webhooks.Enabled)
        {
            _registration = callbacks.Add(webhooks.SendAsync);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        return Task.CompletedTask;
    }
}
