using WakeDock.Functions.Embedded;
using WakeDock.Functions.Status;
using WakeDock.Testing;

namespace WakeDock.Integration.Tests;

/// <summary>
/// The functions host (<see cref="WakeDockApplication"/>) as the run command starts it — embedded agent included unless
/// turned off — on a storage folder of its own, with the agent's data beside it.
/// </summary>
internal static class EmbeddedHost
{
    public static WakeDockApplication Create(bool embeddedAgent, string dockerHost = "")
    {
        var folder = TempFolder.Create("embedded");
        var chosen = new Dictionary<string, string?>
        {
            [HostMode.EmbeddedAgentKey] = embeddedAgent ? "true" : "false",
            ["WakeDock:Storage:Path"] = Path.Combine(folder, "metrics"),
            ["WakeDock:Collection:IntervalSeconds"] = "1",
            ["WakeDock:Agent:DataDirectory"] = Path.Combine(folder, "agent"),
        };
        if (dockerHost.Length > 0)
        {
            chosen["WakeDock:Agent:DockerHost"] = dockerHost;
        }

        return new WakeDockApplication(new WakeDockApplicationOptions { DataPath = folder, Settings = chosen });
    }
}
