using Microsoft.Extensions.DependencyInjection;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Status;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests;

/// <summary>
/// The functions host (<see cref="WakeDockApplication"/>) in memory, one per test, on a storage folder of its own (deleted
/// with it unless the test passes one in to restart on it). Settings and the clock can be swapped.
/// </summary>
internal static class FunctionsApplication
{
    public static WakeDockApplication Create(string? storagePath = null, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var folder = storagePath ?? TempFolder.Create("host");
        var chosen = new Dictionary<string, string?>
        {
            ["WakeDock:Storage:Path"] = folder,
            ["WakeDock:Timers:UseInternalSchedule"] = "false",
            [HostMode.EmbeddedAgentKey] = "false",
            // These tests look at what one sample raises; the sustained window and cooldown are tested on their own.
            ["WakeDock:Thresholds:ForSeconds"] = "0",
            ["WakeDock:Alerts:Cooldown"] = "00:00:00",
        };
        return new WakeDockApplication(new WakeDockApplicationOptions
        {
            DataPath = folder,
            DeleteDataPath = storagePath is null,
            Settings = chosen.Concat(settings ?? new Dictionary<string, string?>()),
            Time = time,
            Services = services,
        });
    }

    extension(WakeDockApplication app)
    {
        /// <summary>The storage folder (the application's own, or the one passed in).</summary>
        public string StoragePath => app.DataPath;
    }
}
