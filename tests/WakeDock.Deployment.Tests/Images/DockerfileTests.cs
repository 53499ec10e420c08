using System.Reflection.PortableExecutable;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Images;

/// <summary>
/// The two Dockerfiles, read as the builder reads them, and their publish stage run here (no base image
/// can be pulled on this machine): the agent's Native AOT executable and the functions host's ReadyToRun
/// app, each started and answering the image's health check.
/// </summary>
public sealed class DockerfileTests(DockerFixture docker, ITestOutputHelper output) : IClassFixture<DockerFixture>
{
    private const string NonRootUser = "1654";

    public static TheoryData<string, string, int, long> Images => new()
    {
        // Dockerfile, assembly, port, the most the published app may weigh (the agent holds its runtime, on a base without
        // .NET; the functions carry the Dapr SDK and its gRPC client since 2026-12-03: 40.5 MiB published)
        { "edge-agent/Dockerfile", "WakeDock.EdgeAgent", 7072, 16L * 1024 * 1024 },
        { "functions/Dockerfile", "WakeDock.Functions", 7071, 44L * 1024 * 1024 },
    };

    /// <summary>The chiseled image of a Dockerfile: the agent's only one, the functions' embedded host (not its default, the Functions host's).</summary>
    private static DockerStage Chiseled(Dockerfile file) => file.Stages.Any(s => s.Name == "embedded") ? file.Stage("embedded") : file.Final;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Images))]
    public void TheImageIsBuiltInStagesAndRunsChiseledAsANonRootUserWithAHealthCheck(string path, string assembly, int port, long _)
    {
        var file = Dockerfile.Parse(RepoFiles.Read(path));
        var image = Chiseled(file);

        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", file.Stage("build").Image, StringComparison.Ordinal);
        Assert.Matches(IsNativeAot(assembly) ? @"^mcr\.microsoft\.com/dotnet/runtime-deps:10\.0-[a-z]+-chiseled$" : @"^mcr\.microsoft\.com/dotnet/aspnet:10\.0-[a-z]+-chiseled$",
            image.Image);
        Assert.Equal(NonRootUser, image.All("USER").Last().Arguments);
        Assert.Equal($"""--from=build /app ./""", image.All("COPY").First().Arguments);
        Assert.Equal($"""["/app/{assembly}"]""", image.All("ENTRYPOINT").Single().Arguments);

        var healthCheck = image.All("HEALTHCHECK").Single();
        Assert.EndsWith($"""CMD ["/app/{assembly}", "--health-check"]""", healthCheck.Arguments, StringComparison.Ordinal);
        Assert.Contains("--interval=30s", healthCheck.Flags);

        Assert.Equal(port.ToString(), image.All("EXPOSE").Single().Arguments);
        var environment = image.Environment;
        Assert.Equal($"http://0.0.0.0:{port}", environment["ASPNETCORE_URLS"]);
        Assert.All(environment.Keys, name => Assert.Null(SettingNames.Problem(name)));

        // What the image writes (the volume) belongs to the user it runs as; the rest is read-only.
        var volume = image.All("VOLUME").Single().Arguments.Trim('[', ']', '"');
        Assert.Contains(image.All("COPY"), c => c.Flags.Contains($"--chown={NonRootUser}:{NonRootUser}") && c.Operands[^1] == volume);
        Assert.Contains(environment.Values, v => v == volume);

        var publish = file.Stage("build").All("RUN").Single(r => r.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal)).Words.ToList();
        Assert.Equal("Release", publish[publish.IndexOf("-c") + 1]);
        if (IsNativeAot(assembly))
        {
            Assert.Contains("-p:PublishAot=true", publish);
            Assert.Contains($"/out/{assembly}", publish); // the executable alone is copied to /app, not its debug symbols
        }
        else
        {
            Assert.Contains("-p:PublishReadyToRun=true", publish);
            Assert.Equal("false", publish[publish.IndexOf("--self-contained") + 1]);
            Assert.Equal("/app", publish[publish.IndexOf("-o") + 1]);
        }
    }

    [Fact]
    public void TheDefaultFunctionsImageIsTheAppOnTheAzureFunctionsIsolatedBaseImageForDotNet10()
    {
        var file = Dockerfile.Parse(RepoFiles.Read("functions/Dockerfile"));
        var image = file.Final;

        Assert.Equal("functions", image.Name);
        Assert.Equal("mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0", image.Image);
        Assert.Equal("--from=build /app /home/site/wwwroot", image.All("COPY").Single().Arguments);
        var environment = image.Environment;
        Assert.Equal("/home/site/wwwroot", environment["AzureWebJobsScriptRoot"]);
        Assert.Equal("true", environment["AzureFunctionsJobHost__Logging__Console__IsEnabled"]);
        Assert.Equal("dotnet-isolated", environment[FunctionsAppSettings.WorkerRuntime]);
        Assert.Equal("~4", environment[FunctionsAppSettings.ExtensionVersion]);
        Assert.All(environment.Keys, name => Assert.Null(SettingNames.Problem(name)));
        // The Functions host runs the app's timers and triggers: nothing of the embedded host's set-up is carried over.
        Assert.DoesNotContain(image.Instructions, i => i.Keyword is "ENTRYPOINT" or "CMD" or "USER");
    }

    [Fact]
    public void TheBuildContextLeavesOutBuildOutputTestsAndSecretsButKeepsTheSources()
    {
        var context = BuildContext.Load(RepoFiles.Root);

        Assert.True(context.Excludes("edge-agent/WakeDock.EdgeAgent/bin/Release/net10.0/WakeDock.EdgeAgent.dll"));
        Assert.True(context.Excludes("functions/WakeDock.Functions/obj/project.assets.json"));
        Assert.True(context.Excludes("tests/WakeDock.Deployment.Tests/Images/DockerfileTests.cs"));
        Assert.True(context.Excludes(".git/HEAD"));
        Assert.True(context.Excludes(".env"));
        Assert.True(context.Excludes("functions/WakeDock.Functions/local.settings.json"));
        Assert.False(context.Excludes("functions/WakeDock.Functions/host.json"));
        Assert.True(context.Excludes("functions/WakeDock.Functions/.wakedock/metrics/metrics_2025-01-16.000.jsonl"));
        Assert.False(context.Excludes("edge-agent/WakeDock.EdgeAgent/Program.cs"));
        Assert.False(context.Excludes("Directory.Packages.props"));
        Assert.False(context.Excludes("global.json"));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task ThePublishStageMakesAnAppThatAnswersTheImagesHealthCheck(string path, string assembly, int _, long maxBytes)
    {
        docker.Require();
        var root = TempFolder.Create("image");
        try
        {
            var file = Dockerfile.Parse(RepoFiles.Read(path));
            var commands = await BuildStage.RunAsync(file, "build", BuildContext.Load(RepoFiles.Root), root, Ct);
            output.WriteLine(string.Join('\n', commands));

            var app = BuildStage.Under(root, "/app");
            var dll = Path.Combine(app, assembly + ".dll");
            var apphost = Path.Combine(app, assembly);
            Assert.True(File.GetUnixFileMode(apphost).HasFlag(UnixFileMode.UserExecute), $"{apphost} is not an executable");
            if (IsNativeAot(assembly))
            {
                Assert.False(File.Exists(dll), $"{dll} was published beside a Native AOT executable");
                Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(apphost)[..4]);
            }
            else
            {
                Assert.True(File.Exists(dll), $"{dll} was not published");
                using var pe = new PEReader(File.OpenRead(dll));
                Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{dll} is not ReadyToRun");
            }

            var bytes = ImageSizes.FolderBytes(app);
            var files = Directory.GetFiles(app, "*", SearchOption.AllDirectories).Length;
            ImageSizes.Record(assembly, bytes, files);
            output.WriteLine($"{assembly}: published {bytes / 1024.0 / 1024.0:F1} MiB in {files} files (the image adds this to its chiseled base)");
            Assert.True(bytes < maxBytes, $"{assembly} publishes {bytes} bytes, more than {maxBytes}");
            if (file.Final.Image.StartsWith("mcr.microsoft.com/azure-functions/", StringComparison.Ordinal))
            {
                FunctionsAppLayout.AssertIsAFunctionsApp(app, assembly);
            }

            await StartsAndAnswersItsHealthCheckAsync(apphost, root, await BuildDashboardStageAsync(file, root, app));
        }
        finally
        {
            TempFolder.Delete(root);
        }
    }

    private static bool IsNativeAot(string assembly) => assembly == "WakeDock.EdgeAgent";

    /// <summary>
    /// The image's stage that builds the web dashboard, when it has one, and its final <c>COPY --from</c> of it;
    /// true when the app folder then holds the dashboard where the host looks for it.
    /// </summary>
    private async Task<bool> BuildDashboardStageAsync(Dockerfile file, string root, string app)
    {
        if (file.Stages.All(s => s.Name != "dashboard"))
        {
            return false;
        }

        var commands = await BuildStage.RunAsync(file, "dashboard", BuildContext.Load(RepoFiles.Root), root, Ct);
        output.WriteLine(string.Join('\n', commands));
        var copy = Chiseled(file).All("COPY").Single(c => c.Flags.Contains("--from=dashboard")).Operands;
        Assert.Equal("./dashboard/", copy[^1]);
        Directory.CreateDirectory(Path.Combine(app, "dashboard"));
        foreach (var built in Directory.GetFiles(BuildStage.Under(root, copy[0]), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(app, "dashboard", Path.GetRelativePath(BuildStage.Under(root, copy[0]), built));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(built, target);
        }

        return true;
    }

    private async Task StartsAndAnswersItsHealthCheckAsync(string apphost, string root, bool servesDashboard)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(new FileInfo(ProcessRunner.FindOnPath("dotnet")!).ResolveLinkTarget(true)?.FullName ?? "/usr/share/dotnet/dotnet"))!,
            ["ASPNETCORE_URLS"] = url,
            ["DOCKER_HOST"] = docker.DockerHost,
            ["WakeDock__Agent__DataDirectory"] = Path.Combine(root, "agent"),
            ["WAKEDOCK_METRICS_STORAGE_PATH"] = Path.Combine(root, "metrics"),
            ["WAKEDOCK_EMBEDDED_AGENT"] = "false",
        };

        using (var process = ChildProcess.StartExecutable(Path.GetFileName(apphost), apphost, [], environment))
        {
            await process.WaitHealthyAsync(new Uri($"{url}/health"), TimeSpan.FromSeconds(60), Ct);
            if (servesDashboard)
            {
                using var http = new HttpClient();
                var page = await http.GetStringAsync($"{url}/", Ct);
                Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", page, StringComparison.Ordinal);
                Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(apphost)!, "dashboard", "app.js"), Ct), await http.GetStringAsync($"{url}/app.js", Ct));
            }

            var healthy = await ProcessRunner.RunAsync(apphost, ["--health-check"], environment: environment, timeout: TimeSpan.FromSeconds(30), cancellationToken: Ct);
            Assert.True(healthy.ExitCode == 0, $"--health-check exited {healthy.ExitCode}: {healthy.Combined}");
        }

        var down = await ProcessRunner.RunAsync(apphost, ["--health-check"], environment: environment, timeout: TimeSpan.FromSeconds(30), cancellationToken: Ct);
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("did not answer", down.StandardError);
    }
}
