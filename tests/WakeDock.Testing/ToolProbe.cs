namespace WakeDock.Testing;

/// <summary>A command-line tool a fixture needs: what its <c>--version</c> says, or why it is unusable.</summary>
public sealed record ToolProbe(string? Version, string? Problem)
{
    /// <param name="path">The tool found on PATH (or named by a setting), null when missing.</param>
    /// <param name="missing">The reason given when it is missing, e.g. which package has it.</param>
    public static async Task<ToolProbe> ProbeAsync(string? path, string missing)
    {
        if (path is null)
        {
            return new ToolProbe(null, missing);
        }

        var result = await ProcessRunner.RunAsync(path, ["--version"], timeout: TimeSpan.FromSeconds(20));
        return result.ExitCode != 0
            ? new ToolProbe(null, $"{path} --version failed: {result.Combined.Trim()}")
            : new ToolProbe(result.Combined.Split('\n')[0].Trim(), null);
    }
}
