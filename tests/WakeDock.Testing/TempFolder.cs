namespace WakeDock.Testing;

/// <summary>Temporary folders of the tests, deleted with a few retries (a host may still be writing on its way down).</summary>
public static class TempFolder
{
    private const int Attempts = 5;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    public static string Create(string purpose) => Directory.CreateTempSubdirectory($"wakedock-{purpose}-").FullName;

    /// <summary>Deletes the folder; gives up quietly when it is still busy after five tries.</summary>
    public static void Delete(string path)
    {
        for (var attempt = 0; attempt < Attempts && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(Pause);
            }
        }
    }

    /// <summary><see cref="Delete"/> without blocking the thread between tries.</summary>
    public static async Task DeleteAsync(string path)
    {
        for (var attempt = 0; attempt < Attempts && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(Pause);
            }
        }
    }
}
