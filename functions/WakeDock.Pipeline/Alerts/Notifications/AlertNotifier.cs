using System.Net.Http.Json;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Alerts.Notifications;

/// <summary>
/// Notification routes: which routes an alert record goes to (<see cref="RoutesFor"/>: level filter, resolutions,
/// quiet hours) and one delivery attempt to one route (<see cref="DeliverAsync"/>). A transient failure (5xx, 429,
/// unreachable, SMTP 4xx) throws — <see cref="HttpRequestException"/>, <see cref="SmtpException"/> or
/// <see cref="NotificationDeferredException"/> — so whoever calls it retries (the notifications queue under the Functions host, the
/// in-process outbox in the embedded one); a permanent refusal (4xx, SMTP 5xx) is logged and not retried.
/// </summary>
public sealed class AlertNotifier(HttpClient http, IOptions<WakeDockOptions> options, ILogger<AlertNotifier> logger)
{
    public const string HttpClientName = "wakedock-notifications";

    public IReadOnlyList<NotificationRoute> Routes => [.. options.Value.Alerts.Routes];

    public IEnumerable<string> RoutesFor(AlertRecord record)
    {
        var a = record.Alert;
        foreach (var route in options.Value.Alerts.Routes)
        {
            if (a.Level < route.MinLevel || (a.State == AlertState.Resolved && !route.SendResolved))
            {
                continue;
            }

            if (route.QuietHours is { } quiet && quiet.Contains(a.Timestamp) && !(quiet.LetCriticalThrough && a.Level == AlertLevel.Critical))
            {
                continue;
            }

            yield return route.Name;
        }
    }

    public async Task DeliverAsync(AlertRecord record, string routeName, CancellationToken cancellationToken)
    {
        var route = options.Value.Alerts.Routes.FirstOrDefault(r => r.Name == routeName)
            ?? throw new ArgumentException($"No notification route named '{routeName}'.", nameof(routeName));
        if (route.Kind == ChannelKind.Email)
        {
            await SendEmailAsync(record, route, cancellationToken);
            return;
        }

        var url = route.Url ?? throw new InvalidOperationException($"Route {route.Name} has no URL.");
        if (!options.Value.Alerts.Webhooks.AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase))
        {
            logger.WebhookNotDelivered(null, url.Host, record.Alert.Id, $"route {route.Name}: host not allow-listed");
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Body(record, route.Kind) };
        if (route.Kind == ChannelKind.Ntfy)
        {
            var (_, title, priority, tags) = ChannelMessages.Ntfy(record);
            request.Headers.Add("Title", title);
            request.Headers.Add("Priority", priority);
            request.Headers.Add("Tags", tags);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (status >= 500 || status == 429)
        {
            throw new NotificationDeferredException(route.Name, $"{url.Host} answered {status}");
        }

        if (!response.IsSuccessStatusCode)
        {
            logger.WebhookNotDelivered(null, url.Host, record.Alert.Id, $"route {route.Name}: refused with {status}");
        }
    }

    private static HttpContent Body(AlertRecord record, ChannelKind kind) => kind switch
    {
        ChannelKind.Slack => JsonContent.Create(AlertWebhooks.SlackMessage(record)),
        ChannelKind.Teams => JsonContent.Create(ChannelMessages.Teams(record)),
        ChannelKind.Discord => JsonContent.Create(ChannelMessages.Discord(record)),
        ChannelKind.Ntfy => new StringContent(ChannelMessages.Ntfy(record).Body, System.Text.Encoding.UTF8, "text/plain"),
        _ => JsonContent.Create(ChannelMessages.Webhook(record)),
    };

    private async Task SendEmailAsync(AlertRecord record, NotificationRoute route, CancellationToken cancellationToken)
    {
        var email = route.Email ?? throw new InvalidOperationException($"Route {route.Name} has no Email settings.");
        var (subject, body) = ChannelMessages.Email(record);
        using var message = new MailMessage
        {
            From = new MailAddress(email.From),
            Subject = subject,
            Body = body,
            SubjectEncoding = System.Text.Encoding.UTF8,
            BodyEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var to in email.To)
        {
            message.To.Add(to);
        }

        using var smtp = new SmtpClient(email.Host, email.Port) { EnableSsl = email.UseSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (email.UserName is not null)
        {
            smtp.Credentials = new System.Net.NetworkCredential(email.UserName, email.Password);
        }

        try
        {
            await smtp.SendMailAsync(message, cancellationToken);
        }
        catch (SmtpException e) when ((int)e.StatusCode >= 500)
        {
            logger.WebhookNotDelivered(e, email.Host, record.Alert.Id, $"route {route.Name}: refused with SMTP {(int)e.StatusCode}");
        }
    }
}
