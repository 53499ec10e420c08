using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WakeDock.Functions.Observability;
using WakeDock.Pipeline.Observability;
using WakeDock.Observability.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Logging;

public sealed class RequestLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARequestsLogLineCarriesTheTraceAndSpanOfItsRequest()
    {
        using var spans = new SpanRecorder(ObservabilityExtensions.AspNetCoreSourceName);
        await using var host = LoggingHost(out var logFolder);
        using var client = host.CreateClient();
        var caller = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
        request.Headers.Add("traceparent", $"00-{caller.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        Assert.True((await client.SendAsync(request, Ct)).IsSuccessStatusCode);
        await host.DisposeAsync();

        var line = Lines(logFolder).Single(l => l.TryGetProperty("SourceContext", out var s) && s.GetString() == RequestObservability.LogCategory);
        var span = spans.InTrace(caller).Single(s => s.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn");
        Assert.Equal(caller.ToHexString(), line.GetProperty("@tr").GetString());
        Assert.Equal(span.SpanId.ToHexString(), line.GetProperty("@sp").GetString());
        Assert.Equal("GET", line.GetProperty("RequestMethod").GetString());
        Assert.Equal("/dapr/subscribe", line.GetProperty("RequestPath").GetString());
        Assert.Equal("/dapr/subscribe", line.GetProperty("Route").GetString());
        Assert.Equal(200, line.GetProperty("StatusCode").GetInt32());
        Assert.True(line.GetProperty("ElapsedMilliseconds").GetDouble() >= 0);
        Assert.Equal("GET /dapr/subscribe", span.DisplayName);
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task TheHostsLogsAreClefLinesWithSecretsMaskedAndAspNetCoresRequestChatterLeftOut()
    {
        await using var host = LoggingHost(out var logFolder);
        using var client = host.CreateClient();
        await client.GetAsync("/dapr/subscribe", Ct);
        TestLog.WebhookFailed(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WakeDock.Test"), "https://hooks.example/x", "k-123456");
        await host.DisposeAsync();

        var text = string.Concat(Directory.GetFiles(logFolder).Select(File.ReadAllText));
        var lines = Lines(logFolder);
        var warning = lines.Single(l => l.GetProperty("@mt").GetString()!.StartsWith("Webhook", StringComparison.Ordinal));

        Assert.DoesNotContain("k-123456", text, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", text, StringComparison.Ordinal);
        Assert.Equal("***", warning.GetProperty("ApiKey").GetString());
        Assert.Equal("Warning", warning.GetProperty("@l").GetString());
        Assert.DoesNotContain(lines, l => l.GetProperty("SourceContext").GetString()!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.GetProperty("SourceContext").GetString() == "WakeDock.Pipeline.Hosting.PipelineStartup");
    }

    [Fact]
    public async Task WakeDockLogLevelRaisesTheThresholdOfEveryLine()
    {
        await using var host = LoggingHost(out var logFolder, ("WAKEDOCK_LOG_LEVEL", "warning"));
        using var client = host.CreateClient();
        await client.GetAsync("/dapr/subscribe", Ct);
        TestLog.Kept(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WakeDock.Test"));
        await host.DisposeAsync();

        var lines = Lines(logFolder);

        // CLEF leaves @l out for Information; only warnings and worse (the open API's start-up warning among them) remain
        Assert.All(lines, l => Assert.Contains(l.TryGetProperty("@l", out var level) ? level.GetString() : "Information", new[] { "Warning", "Error", "Fatal" }));
        Assert.Contains(lines, l => l.GetProperty("@m").GetString() == "kept");
        Assert.DoesNotContain(lines, l => l.GetProperty("SourceContext").GetString() == RequestObservability.LogCategory);
    }

    private static WakeDockApplication LoggingHost(out string logFolder, params (string Key, string Value)[] more)
    {
        logFolder = Directory.CreateTempSubdirectory("wakedock-hostlog-").FullName;
        var settings = new Dictionary<string, string?> { ["WakeDock:Logging:File:Path"] = Path.Combine(logFolder, "functions-.log") };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return ObservedHost.Create(settings, environment: "Production");
    }

    private static List<JsonElement> Lines(string folder)
    {
        try
        {
            return [.. Directory.GetFiles(folder).SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

internal static partial class TestLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Url} answered 500 with {ApiKey} and AccountKey=c2VjcmV0;")]
    public static partial void WebhookFailed(ILogger logger, string url, string apiKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "kept")]
    public static partial void Kept(ILogger logger);
}
