using System.Globalization;
using System.Net.WebSockets;
using WakeDock.Contracts;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Ingest;
using WakeDock.Testing;

namespace WakeDock.Live.Tests.Support;

/// <summary>
/// The functions host (<see cref="WakeDockApplication"/>) on Kestrel (a free loopback port, so that WebSockets are real),
/// distributed mode, timers off, on a folder of its own.
/// </summary>
internal static class LiveHost
{
    public static WakeDockApplication Create(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = TempFolder.Create("live");
        var chosen = new Dictionary<string, string?>
        {
            ["WakeDock:Storage:Path"] = Path.Combine(folder, "metrics"),
            // These tests look at what one sample raises; the sustained window and cooldown are tested on their own.
            ["WakeDock:Thresholds:ForSeconds"] = "0",
            ["WakeDock:Alerts:Cooldown"] = "00:00:00",
            ["WakeDock:Timers:UseInternalSchedule"] = "false",
            [HostMode.EmbeddedAgentKey] = "false",
        };
        return new WakeDockApplication(new WakeDockApplicationOptions
        {
            DataPath = folder,
            Settings = chosen.Concat(settings ?? new Dictionary<string, string?>()),
        }).StartOnKestrel();
    }

    extension(WakeDockApplication host)
    {
        public Uri WebSocketUri(string? key = null)
            => new($"ws://{host.BaseAddress.Authority}/api/v1/monitoring/ws{(key is null ? "" : $"?access_token={Uri.EscapeDataString(key)}")}");

        /// <summary>Stores a batch through the ingest, as a Dapr delivery would.</summary>
        public async Task IngestAsync(params ContainerSample[] samples)
        {
            var outcome = await host.Service<IBatchIngest>().IngestAsync(Samples.Batch(samples), IngestOrigin.Dapr, TestContext.Current.CancellationToken);
            Assert.Equal(IngestStatus.Success, outcome.Status);
        }

        /// <summary>A raw WebSocket client of the spec's endpoint, connected.</summary>
        public async Task<StreamClientSocket> ConnectAsync(string? key = null, string? origin = null)
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            if (origin is not null)
            {
                socket.Options.SetRequestHeader("Origin", origin);
            }

            await socket.ConnectAsync(host.WebSocketUri(key), TestContext.Current.CancellationToken);
            return new StreamClientSocket(socket);
        }
    }
}

/// <summary>The API keys of the tests, configured hashed.</summary>
internal static class Keys
{
    public const string Reader = "wd-live-reader-3b5d7f9a1c2e4a6b";

    public static Dictionary<string, string?> Configured(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["WakeDock:Security:ApiKeys:0:Name"] = "dashboard",
            ["WakeDock:Security:ApiKeys:0:Role"] = "Reader",
            ["WakeDock:Security:ApiKeys:0:Hash"] = KeyHash.Of(Reader),
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }
}

internal static class Samples
{
    private static long _sequence;

    public static ContainerSample Of(string id, string name, double cpu, string? service = "web", string host = "host-1", DateTimeOffset? at = null) => new()
    {
        ContainerId = id,
        ContainerName = name,
        ServiceName = service,
        Host = host,
        Timestamp = at ?? DateTimeOffset.UtcNow.AddSeconds(-1),
        CpuPercent = cpu,
        MemoryUsage = 100 * 1024 * 1024,
        MemoryLimit = 1024L * 1024 * 1024,
        MemoryPercent = 9.8,
        NetworkRxBytes = 1000,
        NetworkTxBytes = 2000,
        Pids = 3,
        Sequence = Interlocked.Increment(ref _sequence),
    };

    public static CloudEvent<SampleBatch> Batch(IReadOnlyList<ContainerSample> samples)
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
                FirstSequence = samples.Min(s => s.Sequence),
                LastSequence = samples.Max(s => s.Sequence),
                IntervalSeconds = 5,
                Samples = samples,
            },
        };
    }

    public static string Hex(char c) => new(c, 64);
}
