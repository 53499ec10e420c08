using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Telemetry;

namespace WakeDock.Pipeline.Alerts.Notifications;

/// <summary>
/// Outgoing webhooks: each alert record POSTed as Slack-compatible JSON (<c>text</c> plus <c>attachments</c>) to each
/// configured URL, one attempt per delivery of a queued <see cref="AlertNotification"/> (the queue retries with backoff
/// and dead-letters). Only allow-listed hosts are reached (checked at start-up and again here); redirects are never followed.
/// </summary>
public sealed class AlertWebhooks(HttpClient http, IOptions<WakeDockOptions> options, PipelineMetrics metrics, ILogger<AlertWebhooks> logger)
{
    public const string HttpClientName = "wakedock-webhooks";

    public bool Enabled => options.Value.Alerts.Webhooks.Urls.Count > 0;

    /// <summary>The notifications of one alert record: one per webhook.</summary>
    public IEnumerable<AlertNotification> NotificationsOf(AlertRecord record) => options.Value.Alerts.Webhooks.Urls.Select(url => new AlertNotification(record, url));

    /// <summary>
    /// One attempt. Returns once the webhook took it, or refused it for good (4xx, host not allow-listed: logged);
    /// throws <see cref="NotificationDeferredException"/> when it may take it later.
    /// </summary>
    public async Task DeliverAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var record = notification.Record;
        var url = notification.Target ?? throw new ArgumentException("A webhook notification names its URL.", nameof(notification));
        if (!options.Value.Alerts.Webhooks.AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase))
        {
            Refused(url, record, "host not allow-listed");
            return;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(url, SlackMessage(record), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            metrics.Notifications.Add(1, new KeyValuePair<string, object?>("outcome", "deferred"));
            throw new NotificationDeferredException(url.Host, $"unreachable: {e.Message}", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500 || status == 429)
            {
                metrics.Notifications.Add(1, new KeyValuePair<string, object?>("outcome", "deferred"));
                throw new NotificationDeferredException(url.Host, $"answered {status}");
            }

            if (!response.IsSuccessStatusCode)
            {
                Refused(url, record, $"refused with {status}");
                return;
            }
        }

        metrics.Notifications.Add(1, new KeyValuePair<string, object?>("outcome", "delivered"));
    }

    private void Refused(Uri url, AlertRecord record, string why)
    {
        metrics.Notifications.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        logger.WebhookNotDelivered(null, url.Host, record.Alert.Id, why);
    }

    public static JsonObject SlackMessage(AlertRecord record)
    {
        var a = record.Alert;
        var icon = a.State == AlertState.Resolved ? ":white_check_mark:" : a.Level == AlertLevel.Critical ? ":red_circle:" : ":warning:";
        var who = string.Join(" / ", new[] { a.Host, a.ServiceName, a.ContainerName ?? (a.ContainerId.Length > 0 ? a.ContainerId : null) }.Where(s => !string.IsNullOrEmpty(s)));
        return new JsonObject
        {
            ["text"] = $"{icon} [{ChannelMessages.Status(a)}] {who}: {a.Message}",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["color"] = a.State == AlertState.Resolved ? "good" : a.Level == AlertLevel.Critical ? "danger" : "warning",
                ["fields"] = new JsonArray(
                    Field("alert_id", a.Id), Field("metric_type", a.MetricType is { } m ? WireNames.Of(m) : null),
                    Field("value", a.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Field("threshold", a.Threshold?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Field("timestamp", a.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))),
            }),
        };
    }

    private static JsonObject Field(string title, string? value) => new() { ["title"] = title, ["value"] = value ?? "", ["short"] = true };
}

/// <summary>
/// Puts the notifications of every alert record on the notifications outbox, off the ingest path: one per webhook and
/// one per notification route that takes it (level, resolutions, quiet hours; <see cref="AlertNotifier.RoutesFor"/>).
/// </summary>
public sealed class AlertNotificationForwarder(AlertCallbacks callbacks, AlertWebhooks webhooks, AlertNotifier notifier, INotificationOutbox outbox) : IHostedService
{
    private IDisposable? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (webhooks.Enabled || notifier.Routes.Count > 0)
        {
            _registration = callbacks.Add(EnqueueAsync);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        return Task.CompletedTask;
    }

    public async Task EnqueueAsync(AlertRecord record, CancellationToken cancellationToken)
    {
        foreach (var notification in webhooks.NotificationsOf(record).Concat(notifier.RoutesFor(record).Select(route => new AlertNotification(record, Route: route))))
        {
            await outbox.EnqueueAsync(notification, cancellationToken);
        }
    }
}
