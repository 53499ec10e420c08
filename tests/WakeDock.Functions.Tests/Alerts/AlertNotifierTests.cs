using System.Net.Mail;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Alerts.Notifications;
using WakeDock.Pipeline.Options;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Alerts;

public sealed class AlertNotifierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AlertRecord Record(AlertLevel level, DateTimeOffset at, AlertState state = AlertState.Firing) => Samples.Alert(level, at, state);

    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Answers each request with the next status (200 once they run out) and keeps the requests.</summary>
    private sealed class Hook : IDisposable
    {
        private readonly Queue<int> _statuses;
        private readonly RecordingHttpListener _listener;

        public Hook(params int[] statuses)
        {
            _statuses = new Queue<int>(statuses);
            _listener = new RecordingHttpListener(_ => Next());
        }

        public IReadOnlyList<RecordedRequest> Requests => _listener.Received;

        public Uri Url(string path) => new($"{_listener.Url}/{path}");

        public void Dispose() => _listener.Dispose();

        private RecordedAnswer Next()
        {
            lock (_statuses)
            {
                return new RecordedAnswer(_statuses.Count > 0 ? _statuses.Dequeue() : 200);
            }
        }
    }

    private static WakeDockOptions Settings(params NotificationRoute[] routes)
    {
        var settings = new WakeDockOptions();
        settings.Alerts.Webhooks.AllowedHosts.Add("127.0.0.1");
        settings.Alerts.Webhooks.FirstRetryDelay = TimeSpan.FromMilliseconds(10);
        foreach (var route in routes)
        {
            settings.Alerts.Routes.Add(route);
        }

        return settings;
    }

    private static AlertNotifier Notifier(HttpClient http, WakeDockOptions settings)
        => new(http, Microsoft.Extensions.Options.Options.Create(settings), NullLogger<AlertNotifier>.Instance);

    [Fact]
    public async Task TeamsDiscordAndNtfyGetTheirOwnShapes()
    {
        using var hook = new Hook();
        using var http = new HttpClient();
        var notifier = Notifier(http, Settings(
            new NotificationRoute { Name = "teams", Kind = ChannelKind.Teams, Url = hook.Url("teams") },
            new NotificationRoute { Name = "discord", Kind = ChannelKind.Discord, Url = hook.Url("discord") },
            new NotificationRoute { Name = "ntfy", Kind = ChannelKind.Ntfy, Url = hook.Url("wakedock-alerts") }));
        var record = Record(AlertLevel.Critical, Noon);

        foreach (var route in notifier.RoutesFor(record))
        {
            await notifier.DeliverAsync(record, route, Ct);
        }

        var requests = hook.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        var card = JsonNode.Parse(requests[0].Text)!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", card["contentType"]!.GetValue<string>());
        Assert.Equal("[critical] host-1 / web / web-server", card["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Attention", card["content"]!["body"]![0]!["color"]!.GetValue<string>());
        var discord = JsonNode.Parse(requests[1].Text)!;
        Assert.Equal("[critical] host-1 / web / web-server: CPU critique: 95.0% (seuil: 90%)", discord["content"]!.GetValue<string>());
        Assert.Equal(0xE01E5A, discord["embeds"]![0]!["color"]!.GetValue<int>());
        Assert.Equal("CPU critique: 95.0% (seuil: 90%)", requests[2].Text);
        Assert.Equal(("[critical] host-1 / web / web-server", "5", "rotating_light"), (requests[2].Headers["Title"], requests[2].Headers["Priority"], requests[2].Headers["Tags"]));
    }

    [Fact]
    public void RoutesFollowTheirLevelAndQuietHours()
    {
        using var http = new HttpClient();
        var notifier = Notifier(http, Settings(
            new NotificationRoute { Name = "pager", Kind = ChannelKind.Ntfy, Url = new Uri("http://127.0.0.1/p"), MinLevel = AlertLevel.Critical, SendResolved = false },
            new NotificationRoute { Name = "team", Kind = ChannelKind.Slack, Url = new Uri("http://127.0.0.1/t"), QuietHours = new QuietHours { Start = new(22, 0), End = new(7, 0), TimeZone = "Europe/Paris" } }));
        var lateInParis = new DateTimeOffset(2026, 12, 3, 22, 30, 0, TimeSpan.Zero);

        Assert.Equal(["team"], notifier.RoutesFor(Record(AlertLevel.Warning, Noon)));
        Assert.Equal(["pager", "team"], notifier.RoutesFor(Record(AlertLevel.Critical, Noon)));
        Assert.Equal(["team"], notifier.RoutesFor(Record(AlertLevel.Critical, Noon, AlertState.Resolved)));
        Assert.Empty(notifier.RoutesFor(Record(AlertLevel.Warning, lateInParis)));
        Assert.Equal(["pager", "team"], notifier.RoutesFor(Record(AlertLevel.Critical, lateInParis)));
        Assert.Equal(["team"], notifier.RoutesFor(Record(AlertLevel.Warning, new DateTimeOffset(2026, 12, 3, 20, 30, 0, TimeSpan.Zero))));
    }

    [Fact]
    public async Task OneAttemptThrowsOnTransientFailuresAndReturnsOnARefusal()
    {
        using var hook = new Hook(503, 429, 400);
        using var http = new HttpClient();
        var unreachable = new Uri($"http://127.0.0.1:{FreePort.Next()}/gone");
        var notifier = Notifier(http, Settings(
            new NotificationRoute { Name = "hook", Kind = ChannelKind.Webhook, Url = hook.Url("hook") },
            new NotificationRoute { Name = "gone", Kind = ChannelKind.Webhook, Url = unreachable }));
        var record = Record(AlertLevel.Warning, Noon);

        await Assert.ThrowsAsync<NotificationDeferredException>(() => notifier.DeliverAsync(record, "hook", Ct));
        await Assert.ThrowsAsync<NotificationDeferredException>(() => notifier.DeliverAsync(record, "hook", Ct));
        await notifier.DeliverAsync(record, "hook", Ct);
        await Assert.ThrowsAsync<HttpRequestException>(() => notifier.DeliverAsync(record, "gone", Ct));

        Assert.Equal(3, hook.Requests.Count);
        var generic = JsonNode.Parse(hook.Requests[0].Text)!;
        Assert.Equal(("episode-1", "fired", "warning"), (generic["id"]!.GetValue<string>(), generic["change"]!.GetValue<string>(), generic["level"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheInProcessOutboxRetriesARouteThroughTheNotificationFunctionUntilDelivered()
    {
        using var hook = new Hook(503, 503);
        using var http = new HttpClient();
        var settings = Settings(new NotificationRoute { Name = "hook", Kind = ChannelKind.Discord, Url = hook.Url("hook") });
        var options = Microsoft.Extensions.Options.Options.Create(settings);
        settings.Alerts.Webhooks.FirstRetryDelay = TimeSpan.FromMilliseconds(10);
        var function = new WakeDock.Functions.Triggers.Queues.NotificationFunctions(
            new AlertWebhooks(http, options, new WakeDock.Pipeline.Telemetry.PipelineMetrics(), NullLogger<AlertWebhooks>.Instance),
            Notifier(http, settings), NullLogger<WakeDock.Functions.Triggers.Queues.NotificationFunctions>.Instance);
        using var outbox = new InProcessNotificationOutbox(function.DeliverAsync, options, new WakeDock.Pipeline.Telemetry.PipelineMetrics(), TimeProvider.System, NullLogger<InProcessNotificationOutbox>.Instance);
        await outbox.StartAsync(Ct);

        await outbox.EnqueueAsync(new AlertNotification(Record(AlertLevel.Critical, Noon), Route: "hook"), Ct);

        await Eventually.TrueAsync(() => Task.FromResult(hook.Requests.Count >= 3), TimeSpan.FromSeconds(10), "three tries of the route");
        await outbox.StopAsync(Ct);
        Assert.Equal(3, hook.Requests.Count);
    }

    [Fact]
    public async Task EmailIsSentThroughSmtpAndTransientRefusalsThrow()
    {
        await using var smtp = new SmtpListener();
        using var http = new HttpClient();
        var route = new NotificationRoute { Name = "mail", Kind = ChannelKind.Email, Email = new EmailSettings { Host = "127.0.0.1", Port = smtp.Port, From = "wakedock@example.org" } };
        route.Email.To.Add("ops@example.org");
        var notifier = Notifier(http, Settings(route));

        await notifier.DeliverAsync(Record(AlertLevel.Critical, Noon), "mail", Ct);
        smtp.RecipientReply = "550 No such user";
        await notifier.DeliverAsync(Record(AlertLevel.Critical, Noon), "mail", Ct);
        smtp.RecipientReply = "451 Try again later";
        var deferred = await Assert.ThrowsAnyAsync<SmtpException>(() => notifier.DeliverAsync(Record(AlertLevel.Critical, Noon), "mail", Ct));

        var (from, to, data) = Assert.Single(smtp.Messages);
        Assert.Equal(("<wakedock@example.org>", "<ops@example.org>"), (from, Assert.Single(to)));
        var (headers, body) = Mime.Parse(data);
        Assert.Equal("[WakeDock] [critical] host-1 / web / web-server: CPU critique: 95.0% (seuil: 90%)", headers["Subject"]);
        Assert.Contains("alert_id: episode-1\r\nmetric_type: cpu_percent", body, StringComparison.Ordinal);
        Assert.True((int)deferred.StatusCode is >= 400 and < 500, $"SMTP {(int)deferred.StatusCode}");
    }
}
