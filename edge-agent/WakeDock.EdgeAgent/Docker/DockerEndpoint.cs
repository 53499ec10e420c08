namespace WakeDock.EdgeAgent.Docker;

/// <summary>Where the Docker engine listens, as <c>DOCKER_HOST</c> writes it: <c>unix:///path</c>, <c>tcp://host:port</c> or a bare socket path.</summary>
public sealed record DockerEndpoint
{
    public const string DefaultAddress = "unix:///var/run/docker.sock";

    private DockerEndpoint(string address, string? socketPath, Uri? httpBase)
    {
        Address = address;
        SocketPath = socketPath;
        HttpBase = httpBase;
    }

    /// <summary>The address as configured.</summary>
    public string Address { get; }

    /// <summary>The unix socket path, or null for TCP.</summary>
    public string? SocketPath { get; }

    /// <summary>The HTTP base address for TCP, or null for a unix socket.</summary>
    public Uri? HttpBase { get; }

    public bool IsUnixSocket => SocketPath is not null;

    public static DockerEndpoint Parse(string? address)
    {
        var value = string.IsNullOrWhiteSpace(address) ? DefaultAddress : address.Trim();
        if (value.StartsWith('/'))
        {
            return new DockerEndpoint(value, value, null);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"DOCKER_HOST '{value}' is neither unix:///path nor tcp://host:port.");
        }

        return uri.Scheme switch
        {
            "unix" when uri.AbsolutePath.Length > 1 => new DockerEndpoint(value, Uri.UnescapeDataString(uri.AbsolutePath), null),
            "tcp" or "http" when uri.Port > 0 => new DockerEndpoint(value, null, new UriBuilder("http", uri.Host, uri.Port).Uri),
            _ => throw new FormatException($"DOCKER_HOST '{value}' is neither unix:///path nor tcp://host:port (TLS endpoints are not supported)."),
        };
    }

    public override string ToString() => SocketPath ?? Address;
}
