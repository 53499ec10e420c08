namespace WakeDock.Testing;

/// <summary>Files of the repository the tests were built from (the folder holding <c>WakeDock.sln</c>): the configs the documentation shows are the ones checked.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        return Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
    }

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WakeDock.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No WakeDock.sln above {AppContext.BaseDirectory}.");
    }
}
