using Microsoft.Extensions.Options;

namespace WakeDock.Pipeline.Options;

/// <summary>Where local storage went and why, for the startup log.</summary>
public sealed record StoragePathChoice(string Path, string Reason);

/// <summary>
/// With no <c>WAKEDOCK_METRICS_STORAGE_PATH</c> (nor <c>WakeDock:Storage:Path</c>), local storage goes to the spec's
/// <c>/var/log/wakedock/metrics</c> when this process can write there (root, the image), and to
/// <c>.wakedock/metrics</c> under the working directory otherwise — a developer's <c>dotnet run</c> needs no root.
/// </summary>
public sealed class StoragePathDefault(string systemPath = StoragePathDefault.SystemPath, string localPath = StoragePathDefault.LocalPath)
    : IPostConfigureOptions<WakeDockOptions>
{
    public const string SystemPath = "/var/log/wakedock/metrics";
    public const string LocalPath = ".wakedock/metrics";

    /// <summary>The choice made for local storage; null with blob storage.</summary>
    public StoragePathChoice? Choice { get; private set; }

    public void PostConfigure(string? name, WakeDockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Storage.Kind != StorageKind.Local)
        {
            return;
        }

        Choice = Choose(options.Storage.Path);
        options.Storage.Path = Choice.Path;
    }

    public StoragePathChoice Choose(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new StoragePathChoice(configured, "configured (WAKEDOCK_METRICS_STORAGE_PATH or WakeDock:Storage:Path)");
        }

        return WhyNotWritable(systemPath) is { } problem
            ? new StoragePathChoice(localPath, $"default: {systemPath} is not writable by this process ({problem}), so {localPath} under the working directory")
            : new StoragePathChoice(systemPath, $"default: {systemPath} is writable");
    }

    private static string? WhyNotWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = System.IO.Path.Combine(folder, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return e.Message;
        }
    }
}
