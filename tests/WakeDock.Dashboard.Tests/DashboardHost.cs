using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Status;
using WakeDock.Testing;

namespace WakeDock.Dashboard.Tests;

/// <summary>
/// The host (<see cref="WakeDockApplication"/>) as the run command starts it — embedded agent on the test engine, dashboard
/// at <c>/</c> — on Kestrel (a free loopback port) and a folder of its own, sampling every second.
/// </summary>
internal static class DashboardHost
{
    public static WakeDockApplication Create(string dockerHost, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = TempFolder.Create("dashboard");
        var chosen = new Dictionary<string, string?>
        {
            [HostMode.EmbeddedAgentKey] = "true",
            ["WakeDock:Agent:DockerHost"] = dockerHost,
            ["WakeDock:Agent:DataDirectory"] = Path.Combine(folder, "agent"),
            ["WakeDock:Agent:HostName"] = "e2e-host",
            ["WakeDock:Storage:Path"] = Path.Combine(folder, "metrics"),
            ["WakeDock:Collection:IntervalSeconds"] = "1",
            ["WakeDock:Timers:UseInternalSchedule"] = "false",
            // what one sample raises, at once: the tests watch single breaches, not the noise defaults
            ["WakeDock:Thresholds:ForSeconds"] = "0",
            ["WakeDock:Alerts:Cooldown"] = "00:00:00",
        };
        return new WakeDockApplication(new WakeDockApplicationOptions
        {
            DataPath = folder,
            Settings = chosen.Concat(settings ?? new Dictionary<string, string?>()),
        }).StartOnKestrel();
    }

    extension(WakeDockApplication host)
    {
        public string Url => host.BaseAddress.ToString();

        public Uri WebSocketUri => new($"ws://{host.BaseAddress.Authority}/api/v1/monitoring/ws");

        public async Task<JsonArray> ThresholdsAsync()
            => (await host.Http.GetFromJsonAsync<JsonArray>("/api/v1/monitoring/thresholds", TestContext.Current.CancellationToken))!;

        public async Task PutThresholdAsync(string metric, double warning, double critical)
        {
            using var response = await host.Http.PutAsJsonAsync($"/api/v1/monitoring/thresholds/{metric}",
                new { metric_type = metric, warning_threshold = warning, critical_threshold = critical, enabled = true }, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }
}
