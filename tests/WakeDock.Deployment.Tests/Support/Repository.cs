namespace WakeDock.Deployment.Tests.Support;

/// <summary>The repository the tests were built from: the folder holding <c>WakeDock.sln</c>.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "WakeDock.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No WakeDock.sln above {AppContext.BaseDirectory}.");
    }
}
