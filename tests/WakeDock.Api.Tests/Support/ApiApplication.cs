using System.Globalization;
using Microsoft.Extensions.Logging;
using WakeDock.Contracts;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Ingest;
using WakeDock.Testing;

namespace WakeDock.Api.Tests.Support;

/// <summary>
/// The functions host (<see cref="WakeDockApplication"/>), one per test, on folders of its own: distributed mode (no agent in
/// the process) unless a Docker engine is given for the embedded agent; timers off; every log line, from Debug up, kept.
/// </summary>
internal static class ApiApplication
{
    public static WakeDockApplication Create(IReadOnlyDictionary<string, string?>? settings = null, string? embeddedDockerHost = null, int? kestrelPort = null, TimeProvider? time = null)
    {
        var folder = TempFolder.Create("api");
        var chosen = new Dictionary<string, string?>
        {
            ["WakeDock:Storage:Path"] = Path.Combine(folder, "metrics"),
            ["WakeDock:Timers:UseInternalSchedule"] = "false",
            [HostMode.EmbeddedAgentKey] = embeddedDockerHost is null ? "false" : "true",
            // These tests look at what one sample raises; the sustained window and cooldown are tested on their own.
            ["WakeDock:Thresholds:ForSeconds"] = "0",
            ["WakeDock:Alerts:Cooldown"] = "00:00:00",
        };
        if (embeddedDockerHost is not null)
        {
            chosen["WakeDock:Agent:DockerHost"] = embeddedDockerHost;
            chosen["WakeDock:Agent:DataDirectory"] = Path.Combine(folder, "agent");
            chosen["WakeDock:Agent:HostName"] = "api-test-host";
            chosen["WakeDock:Collection:IntervalSeconds"] = "1";
        }

        var app = new WakeDockApplication(new WakeDockApplicationOptions
        {
            DataPath = folder,
            Settings = chosen.Concat(settings ?? new Dictionary<string, string?>()),
            MinimumLogLevel = LogLevel.Debug,
            Time = time,
        });
        if (kestrelPort is { } port)
        {
            app.UseKestrel(port);
        }

        return app;
    }

    /// <summary>Stores a batch through the ingest, as a Dapr delivery would.</summary>
    public static async Task IngestAsync(this WakeDockApplication app, params ContainerSample[] samples)
    {
        var outcome = await app.Service<IBatchIngest>().IngestAsync(Batches.Of(samples), IngestOrigin.Dapr, TestContext.Current.CancellationToken);
        Assert.Equal(IngestStatus.Success, outcome.Status);
    }
}

/// <summary>The two API keys of the tests, configured hashed as an operator would.</summary>
internal static class Keys
{
    public const string Admin = "wd-admin-6f1c2e0b9a7d4c3e8b5a";
    public const string Reader = "wd-reader-2d4b6f8a0c1e3a5b7d9f";

    public static Dictionary<string, string?> Configured(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["WakeDock:Security:ApiKeys:0:Name"] = "ops",
            ["WakeDock:Security:ApiKeys:0:Role"] = "Admin",
            ["WakeDock:Security:ApiKeys:0:Hash"] = KeyHash.Of(Admin),
            ["WakeDock:Security:ApiKeys:1:Name"] = "grafana",
            ["WakeDock:Security:ApiKeys:1:Role"] = "Reader",
            ["WakeDock:Security:ApiKeys:1:Hash"] = KeyHash.Of(Reader),
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>Samples and batches for the tests; the spec's example container by default.</summary>
internal static class Batches
{
    private static long _sequence;

    /// <summary>The spec's metrics example (abc123, web-server, web, 25.5 % CPU, 512 MiB of 1 GiB, 1 MiB in, 2 MiB out, 15 pids), stamped <paramref name="at"/>.</summary>
    public static ContainerSample SpecSample(DateTimeOffset at, double cpu = 25.5, string id = "abc123", string name = "web-server", string? service = "web", string host = "host-1") => new()
    {
        ContainerId = id,
        ContainerName = name,
        ServiceName = service,
        Host = host,
        Image = "nginx:1.27",
        Timestamp = at,
        CpuPercent = cpu,
        MemoryUsage = 536870912,
        MemoryLimit = 1073741824,
        MemoryPercent = 50.0,
        NetworkRxBytes = 1048576,
        NetworkTxBytes = 2097152,
        Pids = 15,
        Sequence = Interlocked.Increment(ref _sequence),
    };

    public static CloudEvent<SampleBatch> Of(IReadOnlyList<ContainerSample> samples)
    {
        var host = samples.Count > 0 ? samples[0].Host ?? "host-1" : "host-1";
        return new CloudEvent<SampleBatch>
        {
            Id = Guid.NewGuid().ToString(),
            Source = CloudEventTypes.AgentSource(host),
            Type = CloudEventTypes.SampleBatch,
            Time = DateTimeOffset.UtcNow,
            Data = new SampleBatch
            {
                Host = host,
                FirstSequence = samples.Count > 0 ? samples.Min(s => s.Sequence) : 1,
                LastSequence = samples.Count > 0 ? samples.Max(s => s.Sequence) : 0,
                IntervalSeconds = 5,
                Samples = samples,
            },
        };
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
