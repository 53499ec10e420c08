using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using WakeDock.Contracts;
using WakeDock.Functions.Security;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Ingest;

/// <summary>
/// Who gets into the ingest, dead-letter, subscription and cron-binding routes: every route against every kind of
/// caller, from a loopback address and from another one, with the ingest open and protected. A refused call
/// answers 401 as problem details and leaves nothing behind: no sample, no dead letter, no timer run.
/// </summary>
public sealed class IngestAccessTests
{
    private const string SidecarToken = "sidecar-secret";
    private const string AgentKey = "agent-key";
    private static readonly IPAddress Elsewhere = IPAddress.Parse("10.20.30.40");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Route
    {
        Ingest,
        DeadLetters,
        Subscribe,
        BindTimer,
        RunTimer,
    }

    public sealed record Caller(string Name, string? Header, string? Value);

    private static readonly Caller[] Callers =
    [
        new("no credentials", null, null),
        new("a wrong token", IngestEndpoints.DaprTokenHeader, "not-the-token"),
        new("the right token", IngestEndpoints.DaprTokenHeader, SidecarToken),
        new("an unknown agent key", PipelineNames.AgentKeyHeader, "not-a-key"),
        new("an agent key", PipelineNames.AgentKeyHeader, AgentKey),
    ];

    public static TheoryData<Route, bool> Cases()
    {
        var cases = new TheoryData<Route, bool>();
        foreach (var route in Enum.GetValues<Route>())
        {
            cases.Add(route, false);
            cases.Add(route, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OnlyTheSidecarKnownAgentsOrWithNothingConfiguredLoopbackCallersGetIn(Route route, bool protectedIngest)
    {
        await using var app = FunctionsApplication.Create(settings: protectedIngest
            ? new Dictionary<string, string?> { ["WakeDock:Ingest:AppApiToken"] = SidecarToken, ["WakeDock:Ingest:AgentKeys:0"] = KeyHash.Of(AgentKey) }
            : null);
        var mismatches = new List<string>();
        var number = 0;
        foreach (var caller in Callers)
        {
            foreach (var remote in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback, Elsewhere })
            {
                var expected = protectedIngest ? caller.Value is SidecarToken or AgentKey : caller.Header is null && IPAddress.IsLoopback(remote);
                var marker = $"forged{++number:000}";
                var before = app.Service<TimerRunLog>().LastRun("retention");
                var (status, body) = await SendAsync(app, route, caller, remote, marker);
                var effect = await EffectAsync(app, route, marker, before);
                var what = $"{route} from {remote} with {caller.Name} ({(protectedIngest ? "protected" : "open")})";
                if (status != (expected ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized))
                {
                    mismatches.Add($"{what}: {status} {body}");
                }
                else if (effect is { } left && left != expected)
                {
                    mismatches.Add($"{what}: {(left ? "left its mark" : "had no effect")} after {status}");
                }
                else if (!expected && !IsUnauthorizedProblem(body))
                {
                    mismatches.Add($"{what}: the 401 is not problem details naming the header: {body}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Fact]
    public async Task AnEmptyAgentKeyStopsTheHostAtStartUp()
    {
        await using var app = FunctionsApplication.Create(settings: new Dictionary<string, string?> { ["WakeDock:Ingest:AgentKeys:0"] = " " });

        var refused = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("WakeDock:Ingest:AgentKeys:0 is empty", refused.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int Status, string Body)> SendAsync(WakeDockApplication app, Route route, Caller caller, IPAddress remote, string marker)
    {
        var (method, path, body) = route switch
        {
            Route.Ingest => (HttpMethods.Post, PipelineNames.IngestRoute, Event(marker)),
            Route.DeadLetters => (HttpMethods.Post, TriggerTable.BrokerDeadLetterRoute, Event(marker)),
            Route.Subscribe => (HttpMethods.Get, "/dapr/subscribe", ""),
            Route.BindTimer => (HttpMethods.Options, "/wakedock-retention", ""),
            _ => (HttpMethods.Post, "/wakedock-retention", "{}"),
        };
        var context = await app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = remote;
            c.Request.Method = method;
            c.Request.Path = path;
            if (caller.Header is not null)
            {
                c.Request.Headers[caller.Header] = caller.Value;
            }

            if (body.Length > 0)
            {
                c.Request.ContentType = CloudEventTypes.MediaType;
                c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            }
        }, Ct);
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync(Ct));
    }

    /// <summary>Whether the call left a trace (the marker in any stored file, a run of the timer); null where it would leave none.</summary>
    private static async Task<bool?> EffectAsync(WakeDockApplication app, Route route, string marker, DateTimeOffset? lastRunBefore)
    {
        if (route is Route.RunTimer)
        {
            return app.Service<TimerRunLog>().LastRun("retention") != lastRunBefore;
        }

        if (route is Route.Subscribe or Route.BindTimer)
        {
            return null;
        }

        // A state file being replaced (written as name.tmp-…, then renamed) is locked or gone by the time it is read; a
        // name.lock is an empty file held exclusively while its state file is read or written conditionally.
        foreach (var file in Directory.GetFiles(app.StoragePath, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains(".tmp-", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file, Ct);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnauthorizedProblem(string body)
        => JsonNode.Parse(body) is JsonObject problem
           && (int?)problem["status"] == StatusCodes.Status401Unauthorized
           && (string?)problem["field"] is IngestEndpoints.DaprTokenHeader or PipelineNames.AgentKeyHeader;

    private static string Event(string marker)
        => JsonSerializer.Serialize(Samples.Batch($"{marker}-batch", [Samples.Of(marker, DateTimeOffset.UtcNow, cpu: 99.9, host: marker)], marker),
            WakeDockJson.Context.CloudEventSampleBatch);
}
