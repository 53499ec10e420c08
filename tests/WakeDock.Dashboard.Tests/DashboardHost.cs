using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using WakeDock.Functions.Embedded;
using WakeDock.Testing;

namespace WakeDock.Dashboard.Tests;

/// <summary>
/// The host as the run command starts it — embedded agent on the test engine, dashboard at <c>/</c> — on Kestrel (a
/// free loopback port) and a folder of its own, sampling every second.
/// </summary>
internal sealed class DashboardHost : WebApplicationFactory<Program>
{
    private readonly string _dockerHost;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public DashboardHost(string dockerHost, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _dockerHost = dockerHost;
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(FreePort.Next());
        StartServer();
        Http = CreateClient();
    }

    public string DataPath { get; } = Directory.CreateTempSubdirectory("wakedock-dashboard-").FullName;

    public HttpClient Http { get; }

    public string Url => ClientOptions.BaseAddress.ToString();

    public Uri WebSocketUri => new($"ws://{ClientOptions.BaseAddress.Authority}/api/v1/monitoring/ws");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(EmbeddedAgent.EnabledKey, "true");
        builder.UseSetting("WakeDock:Agent:DockerHost", _dockerHost);
        builder.UseSetting("WakeDock:Agent:DataDirectory", Path.Combine(DataPath, "agent"));
        builder.UseSetting("WakeDock:Agent:HostName", "e2e-host");
        builder.UseSetting("WakeDock:Storage:Path", Path.Combine(DataPath, "metrics"));
        builder.UseSetting("WakeDock:Collection:IntervalSeconds", "1");
        builder.UseSetting("WakeDock:Timers:UseInternalSchedule", "false");
        // what one sample raises, at once: the tests watch single breaches, not the noise defaults
        builder.UseSetting("WakeDock:Thresholds:ForSeconds", "0");
        builder.UseSetting("WakeDock:Alerts:Cooldown", "00:00:00");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<JsonArray> ThresholdsAsync()
        => (await Http.GetFromJsonAsync<JsonArray>("/api/v1/monitoring/thresholds", TestContext.Current.CancellationToken))!;

    public async Task PutThresholdAsync(string metric, double warning, double critical)
    {
        using var response = await Http.PutAsJsonAsync($"/api/v1/monitoring/thresholds/{metric}",
            new { metric_type = metric, warning_threshold = warning, critical_threshold = critical, enabled = true }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public override async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await base.DisposeAsync();
        await TempFolder.DeleteAsync(DataPath);
    }
}
