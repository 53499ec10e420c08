using WakeDock.Deployment.Tests.Images;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Install;

/// <summary>edge-agent/deploy/wakedock-agent.service and its environment file, for hosts that run the agent without a container.</summary>
public sealed class SystemdUnitTests
{
    private static readonly ILookup<(string Section, string Key), string> Unit = Parse(RepoFiles.Read("edge-agent/deploy/wakedock-agent.service"));

    [Fact]
    public void TheServiceRunsThePublishedAgentAsANonRootUserAndRestartsIt()
    {
        Assert.Equal("/opt/wakedock-agent/wakedock-agent", Value("Service", "ExecStart")); // the Native AOT executable
        Assert.Equal("wakedock", Value("Service", "User"));
        Assert.Equal("always", Value("Service", "Restart"));
        Assert.Equal("multi-user.target", Value("Install", "WantedBy"));
        Assert.Contains("docker.service", Value("Unit", "After"));
    }

    [Fact]
    public void TheSpoolLivesInTheStateDirectoryAndTheRestOfTheSystemIsReadOnly()
    {
        var settings = Environment();
        Assert.Equal($"/var/lib/{Value("Service", "StateDirectory")}", settings["WakeDock__Agent__DataDirectory"]);
        Assert.Equal("strict", Value("Service", "ProtectSystem"));
        Assert.Equal("true", Value("Service", "NoNewPrivileges"));
        Assert.Equal("", Value("Service", "CapabilityBoundingSet"));
        Assert.Equal("http://127.0.0.1:7072", settings["ASPNETCORE_URLS"]);
    }

    [Fact]
    public void EverySettingOfTheUnitAndOfItsEnvironmentFileIsOneTheAgentReads()
    {
        var names = Environment().Keys
            .Concat(File.ReadAllLines(RepoFiles.PathOf("edge-agent/deploy/agent.env.example"))
                .Select(l => l.TrimStart('#', ' '))
                .Where(l => l.Contains('=') && !l.Contains(' ', StringComparison.Ordinal))
                .Select(l => l.Split('=')[0]))
            .ToList();

        Assert.Contains("WAKEDOCK_HOST_NAME", names);
        Assert.Contains("WakeDock__Agent__Publisher__AgentKey", names);
        Assert.All(names, name => Assert.Null(SettingNames.Problem(name)));
        Assert.Equal("/etc/wakedock/agent.env", Value("Service", "EnvironmentFile"));
    }

    [Fact]
    public void TheServiceAndTheImageRunTheAgentTheSameWay()
    {
        var image = Dockerfile.Parse(RepoFiles.Read("edge-agent/Dockerfile")).Final.Environment;

        Assert.Equal(image["DOTNET_EnableDiagnostics"], Environment()["DOTNET_EnableDiagnostics"]);
        Assert.Equal(new Uri(image["ASPNETCORE_URLS"]).Port, new Uri(Environment()["ASPNETCORE_URLS"]).Port);
    }

    private static string Value(string section, string key) => Assert.Single(Unit[(section, key)]);

    private static Dictionary<string, string> Environment()
        => Unit[("Service", "Environment")].Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static ILookup<(string, string), string> Parse(string text)
    {
        var section = "";
        var entries = new List<((string, string) Key, string Value)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']');
                continue;
            }

            var pair = line.Split('=', 2);
            entries.Add(((section, pair[0]), pair[1]));
        }

        return entries.ToLookup(e => e.Key, e => e.Value);
    }
}
