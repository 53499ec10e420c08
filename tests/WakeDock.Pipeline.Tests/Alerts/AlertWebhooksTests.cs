using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using WakeDock.Contracts;
using WakeDock.Pipeline.Alerts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Telemetry;
using WakeDock.Testing;
using WakeDock.Pipeline.Alerts.Notifications;

namespace WakeDock.Pipeline.Tests.Alerts;

public sealed class AlertWebhooksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AlertRecord Critical = new(new Alert
    {
        Id = "episode-1",
        ContainerId = "abc123",
        ContainerName = "web-server",
        ServiceName = "web",
        Host = "host-1",
        Timestamp = new DateTimeOffset(2025, 1, 16, 10, 30, 0, TimeSpan.Zero),
        Level = AlertLevel.Critical,
        MetricType = MetricType.CpuPercent,
        Value = 95,
        Threshold = 90,
        Message = "CPU critique: 95.0% (seuil: 90%)",
    }, AlertChange.Fired);

    [Fact]
    public async Task AnAlertIsPostedAsSlackJsonAndTheQueueRetriesItUntilTheHookAnswers()
    {
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var bodies = new List<string>();
        var serving = Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var context = await listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                bodies.Add(await reader.ReadToEndAsync(Ct));
                context.Response.StatusCode = attempt < 2 ? 503 : 200;
                context.Response.Close();
            }
        }, Ct);
        using var http = new HttpClient();

        var settings = Settings($"http://127.0.0.1:{port}/hooks/T0/B0", "127.0.0.1");
        var webhooks = new AlertWebhooks(http, settings, new PipelineMetrics(), NullLogger<AlertWebhooks>.Instance);
        using var outbox = new InProcessNotificationOutbox(webhooks.DeliverAsync, settings, new PipelineMetrics(), TimeProvider.System, NullLogger<InProcessNotificationOutbox>.Instance);
        await outbox.StartAsync(Ct);
        foreach (var notification in webhooks.NotificationsOf(Critical))
        {
            await outbox.EnqueueAsync(notification, Ct);
        }

        await serving.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await outbox.StopAsync(Ct);

        Assert.Equal(3, bodies.Count);
        var message = JsonNode.Parse(bodies[^1])!;
        Assert.Equal(":red_circle: [critical] host-1 / web / web-server: CPU critique: 95.0% (seuil: 90%)", message["text"]!.GetValue<string>());
        Assert.Equal("danger", message["attachments"]![0]!["color"]!.GetValue<string>());
        Assert.Contains(message["attachments"]![0]!["fields"]!.AsArray(), f => f!["title"]!.GetValue<string>() == "alert_id" && f["value"]!.GetValue<string>() == "episode-1");
    }

    [Fact]
    public async Task ADeliveryTheHookCannotTakeNowIsDeferredAndOneItRefusesIsNot()
    {
        using var http = new HttpClient(new AnsweringHandler(HttpStatusCode.ServiceUnavailable));
        var webhooks = Webhooks(http, "http://127.0.0.1:9/hooks", "127.0.0.1");
        var notification = webhooks.NotificationsOf(Critical).Single();

        await Assert.ThrowsAsync<NotificationDeferredException>(() => webhooks.DeliverAsync(notification, Ct));

        using var refusing = new HttpClient(new AnsweringHandler(HttpStatusCode.NotFound));
        await Webhooks(refusing, "http://127.0.0.1:9/hooks", "127.0.0.1").DeliverAsync(notification, Ct);
    }

    [Fact]
    public async Task AHostOutsideTheAllowListIsNeverCalled()
    {
        var handler = new CountingHandler();
        using var http = new HttpClient(handler);

        var webhooks = Webhooks(http, "http://169.254.169.254/latest/meta-data", "hooks.slack.com");
        foreach (var notification in webhooks.NotificationsOf(Critical))
        {
            await webhooks.DeliverAsync(notification, Ct);
        }

        Assert.Equal(0, handler.Calls);
    }

    private static AlertWebhooks Webhooks(HttpClient http, string url, string allowedHost)
        => new(http, Settings(url, allowedHost), new PipelineMetrics(), NullLogger<AlertWebhooks>.Instance);

    private static Microsoft.Extensions.Options.IOptions<WakeDockOptions> Settings(string url, string allowedHost)
    {
        var options = new WakeDockOptions();
        options.Alerts.Webhooks.Urls.Add(new Uri(url));
        options.Alerts.Webhooks.AllowedHosts.Add(allowedHost);
        options.Alerts.Webhooks.FirstRetryDelay = TimeSpan.FromMilliseconds(10);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    private sealed class AnsweringHandler(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(status));
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
