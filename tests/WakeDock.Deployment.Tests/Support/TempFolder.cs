namespace WakeDock.Deployment.Tests.Support;

internal static class TempFolder
{
    public static string Create(string purpose) => Directory.CreateTempSubdirectory($"wakedock-{purpose}-").FullName;

    public static void Delete(string path)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
