using System.Reflection;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Worker;

/// <summary>The Functions app as <c>dotnet build</c> left it: functions/WakeDock.Functions/bin/&lt;this test's configuration&gt;/net10.0.</summary>
internal static class WorkerBuild
{
    public static string Configuration { get; } =
        typeof(WorkerBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string Directory { get; } = RepoFiles.PathOf($"functions/WakeDock.Functions/bin/{Configuration}/net10.0");

    /// <summary>The folder, checked to hold what a Functions host loads.</summary>
    public static string Require()
    {
        foreach (var file in new[] { "functions.metadata", "worker.config.json", "host.json" })
        {
            Assert.True(File.Exists(Path.Combine(Directory, file)),
                $"{file} is missing from {Directory}: build functions/WakeDock.Functions ({Configuration}) first.");
        }

        return Directory;
    }
}
