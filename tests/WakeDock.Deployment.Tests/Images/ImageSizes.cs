using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Images;

/// <summary>Sizes of the published applications (what the images add to their base), kept in the test artifacts.</summary>
internal static class ImageSizes
{
    private static readonly Lock Gate = new();

    public static long FolderBytes(string folder)
        => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    public static void Record(string image, long bytes, int files)
    {
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(TestArtifacts.Directory("images"), "published-sizes.tsv"),
                $"{DateTime.UtcNow:O}\t{image}\t{bytes}\t{bytes / 1024.0 / 1024.0:F1} MiB\t{files} files\n");
        }
    }
}
