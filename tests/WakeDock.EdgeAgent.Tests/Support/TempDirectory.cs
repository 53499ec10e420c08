namespace WakeDock.EdgeAgent.Tests.Support;

/// <summary>A fresh folder, deleted with the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wakedock-agent-tests", Guid.NewGuid().ToString("N")[..12])).FullName;

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!); // only when no other test still uses it
        }
        catch (IOException)
        {
        }
    }
}
