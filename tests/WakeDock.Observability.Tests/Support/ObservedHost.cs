using Microsoft.Extensions.DependencyInjection;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Status;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Support;

/// <summary>
/// The functions host (<see cref="WakeDockApplication"/>) in memory, or on Kestrel after <c>UseKestrel</c>, on a folder of
/// its own that goes with it; embedded agent off unless a setting turns it on.
/// </summary>
internal static class ObservedHost
{
    public static WakeDockApplication Create(
        IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, string environment = "Development", Action<IServiceCollection>? services = null)
    {
        var folder = TempFolder.Create("observed");
        var chosen = new Dictionary<string, string?>
        {
            ["WakeDock:Storage:Path"] = Path.Combine(folder, "metrics"),
            ["WakeDock:Agent:DataDirectory"] = Path.Combine(folder, "agent"),
            ["WakeDock:Timers:UseInternalSchedule"] = "false",
            [HostMode.EmbeddedAgentKey] = "false",
        };
        return new WakeDockApplication(new WakeDockApplicationOptions
        {
            DataPath = folder,
            Environment = environment,
            Settings = chosen.Concat(settings ?? new Dictionary<string, string?>()),
            Time = time,
            Services = services,
        });
    }

    extension(WakeDockApplication host)
    {
        /// <summary>The host's folder.</summary>
        public string Folder => host.DataPath;

        public async Task<Exposition> ScrapeAsync(HttpClient? client = null)
        {
            using var own = client is null ? host.CreateClient() : null;
            var text = await (client ?? own!).GetStringAsync("/metrics", TestContext.Current.CancellationToken);
            return new Exposition(text);
        }
    }
}
