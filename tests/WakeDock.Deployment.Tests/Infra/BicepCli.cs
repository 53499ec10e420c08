using System.Reflection;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Infra;

/// <summary>
/// The real Bicep CLI: the native <c>bicep</c> binary of the NuGet package Azure.Bicep.CommandLine.linux-x64, which
/// this test project restores (its folder is written into the assembly's metadata at build time).
/// </summary>
internal static class BicepCli
{
    public static string Binary
    {
        get
        {
            var package = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackage").Value;
            Assert.False(string.IsNullOrEmpty(package), "Azure.Bicep.CommandLine.linux-x64 was not restored with this project");
            var binary = Path.Combine(package!, "tools", "bicep");
            Assert.True(File.Exists(binary), $"{binary} is not in the package");
            if (!File.GetUnixFileMode(binary).HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(binary, File.GetUnixFileMode(binary) | UnixFileMode.UserExecute);
            }

            return binary;
        }
    }

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
        => ProcessRunner.RunAsync(Binary, arguments, timeout: TimeSpan.FromMinutes(3), cancellationToken: cancellationToken,
            environment: new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["BICEP_TELEMETRY_ENABLED"] = "false" });
}
