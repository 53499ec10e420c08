using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Images;

/// <summary>
/// Runs a Dockerfile's build stage on this machine, where no base image can be pulled: the stage's
/// COPY instructions copy from the build context (so <c>.dockerignore</c> applies) into a folder that
/// stands for the image's root, and its RUN lines run as written, ARGs substituted, with every
/// absolute path moved under that folder (<c>-o /app</c> becomes <c>-o &lt;root&gt;/app</c>).
/// </summary>
internal static class BuildStage
{
    public static async Task<IReadOnlyList<string>> RunAsync(Dockerfile dockerfile, string stage, BuildContext context, string root, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, string>(dockerfile.GlobalArguments, StringComparer.Ordinal);
        // As in a fresh build container: no MSBuild node or compiler server shared with (and run at the priority of) other builds.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
        };
        var workdir = "/";
        var commands = new List<string>();
        foreach (var instruction in dockerfile.Stage(stage).Instructions)
        {
            var text = Dockerfile.Substitute(instruction.Arguments, arguments);
            switch (instruction.Keyword)
            {
                case "ARG":
                    var pair = text.Split('=', 2);
                    arguments.TryAdd(pair[0], pair.Length > 1 ? pair[1] : "");
                    break;
                case "WORKDIR":
                    workdir = text.StartsWith('/') ? text : Path.Combine(workdir, text);
                    Directory.CreateDirectory(Under(root, workdir));
                    break;
                case "ENV":
                    foreach (var assignment in text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Split('=', 2)))
                    {
                        environment[assignment[0]] = assignment.Length > 1 ? assignment[1] : "";
                    }

                    break;
                case "COPY":
                    var operands = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal)).ToList();
                    var destination = operands[^1].StartsWith('/') ? operands[^1] : Path.Combine(workdir, operands[^1]);
                    foreach (var source in operands[..^1])
                    {
                        context.Copy(source, Under(root, destination) + (operands[^1].EndsWith('/') ? "/" : ""));
                    }

                    break;
                case "RUN":
                    var command = string.Join(' ', text.Split(' ').Select(word => word.StartsWith('/') ? Under(root, word) : word));
                    commands.Add(text);
                    // Niced: a restore and two ReadyToRun compilations must not starve the tests that measure CPU beside them.
                    var result = await ProcessRunner.RunAsync("nice", ["-n", "15", "sh", "-c", command], timeout: TimeSpan.FromMinutes(10),
                        environment: environment, workingDirectory: Under(root, workdir), cancellationToken: cancellationToken);
                    if (result.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"RUN {text} failed ({result.ExitCode}):\n{result.Combined}");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"The build stage has a {instruction.Keyword}, which this runner does not know.");
            }
        }

        return commands;
    }

    public static string Under(string root, string absolute) => Path.Combine(root, absolute.TrimStart('/'));
}
