using System.Net.Sockets;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Tests.Unit;

public sealed class DockerEndpointTests
{
    [Theory]
    [InlineData(null, "/var/run/docker.sock")]
    [InlineData("", "/var/run/docker.sock")]
    [InlineData("unix:///run/user/1000/docker.sock", "/run/user/1000/docker.sock")]
    [InlineData("/tmp/engine.sock", "/tmp/engine.sock")]
    public void UnixAddressesNameTheirSocket(string? dockerHost, string socket)
    {
        var endpoint = DockerEndpoint.Parse(dockerHost);

        Assert.True(endpoint.IsUnixSocket);
        Assert.Equal(socket, endpoint.SocketPath);
    }

    [Fact]
    public void TcpAddressesBecomePlainHttp()
    {
        var endpoint = DockerEndpoint.Parse("tcp://10.1.2.3:2375");

        Assert.False(endpoint.IsUnixSocket);
        Assert.Equal(new Uri("http://10.1.2.3:2375/"), endpoint.HttpBase);
    }

    [Theory]
    [InlineData("ssh://user@host")]
    [InlineData("tcp://host")]
    [InlineData("not an address")]
    public void UnsupportedAddressesAreRefusedWithTheValue(string dockerHost)
    {
        var error = Assert.Throws<FormatException>(() => DockerEndpoint.Parse(dockerHost));

        Assert.Contains(dockerHost, error.Message);
    }

    [Fact]
    public void AMissingSocketAndADeniedOneSayWhichSocketAndWhy()
    {
        var endpoint = DockerEndpoint.Parse("unix:///srv/docker.sock");

        var missing = new DockerUnavailableException(endpoint, DockerUnavailableReason.SocketMissing);
        var denied = new DockerUnavailableException(endpoint, DockerUnavailableReason.PermissionDenied);

        Assert.Contains("/srv/docker.sock", missing.Message);
        Assert.Contains("does not exist", missing.Message);
        Assert.Contains("/srv/docker.sock", denied.Message);
        Assert.Contains("permission denied", denied.Message);
        Assert.True(missing.IsConfigurationError && denied.IsConfigurationError);
        Assert.False(new DockerUnavailableException(endpoint, DockerUnavailableReason.Refused).IsConfigurationError);
    }

    [Fact]
    public void SocketErrorsAreClassified()
    {
        Assert.Equal(DockerUnavailableReason.PermissionDenied, DockerUnavailableException.Classify(new SocketException((int)SocketError.AccessDenied)));
        Assert.Equal(DockerUnavailableReason.Refused, DockerUnavailableException.Classify(new SocketException((int)SocketError.ConnectionRefused)));
    }
}
