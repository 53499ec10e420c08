using System.Text.Json;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>Stats JSON recorded from engines: cgroup v1 from the test engine, cgroup v2 in the Engine API reference's shape.</summary>
internal static class Recorded
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", name));

    public static DockerStats Stats(string name) => JsonSerializer.Deserialize(Text(name), DockerJsonContext.Default.DockerStats)!;
}
