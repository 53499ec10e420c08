namespace WakeDock.Testing;

/// <summary>Where tests leave files worth keeping (screenshots, reports): <c>WAKEDOCK_TEST_ARTIFACTS</c>, or beside the test binaries.</summary>
public static class TestArtifacts
{
    public static string Directory(string kind)
    {
        var root = IntegrationPart.Setting("WAKEDOCK_TEST_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts");
        return System.IO.Directory.CreateDirectory(Path.Combine(root, kind)).FullName;
    }
}
