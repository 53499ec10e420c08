using WakeDock.ServiceDefaults.Health;

namespace WakeDock.ServiceDefaults.Tests.Health;

public sealed class HealthCheckCommandTests
{
    [Theory]
    [InlineData("http://0.0.0.0:7072", "http://127.0.0.1:7072/")]
    [InlineData("http://*:7071;http://10.0.0.5:7071", "http://127.0.0.1:7071/")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:7072", "http://127.0.0.1:7072/")]
    [InlineData(" http://10.77.1.2:7072/ ; http://127.0.0.1:9", "http://10.77.1.2:7072/")]
    [InlineData("http://localhost:7071", "http://localhost:7071/")]
    public void TheCheckAsksTheFirstAddressWithAWildcardHostReplacedByLoopback(string urls, string expected)
        => Assert.Equal(new Uri(expected), HealthCheckCommand.LocalAddress(urls));

    [Fact]
    public async Task NothingListeningIsExitCodeOneWithTheAddressNamed()
    {
        using var error = new StringWriter();

        var exit = await HealthCheckCommand.RunAsync(["--health-check", "--urls", "http://127.0.0.1:9"], error, defaultUrls: "http://127.0.0.1:7072");

        Assert.Equal(1, exit);
        Assert.Contains("http://127.0.0.1:9/health did not answer", error.ToString());
    }
}
