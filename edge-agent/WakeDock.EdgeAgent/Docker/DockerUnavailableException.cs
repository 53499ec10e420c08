using System.Net.Sockets;

namespace WakeDock.EdgeAgent.Docker;

/// <summary>Why the engine could not be reached at all.</summary>
public enum DockerUnavailableReason
{
    SocketMissing,
    PermissionDenied,
    Refused,
    Other,
}

/// <summary>The Docker engine cannot be reached: the message names the socket or address and the reason.</summary>
public sealed class DockerUnavailableException : Exception
{
    public DockerUnavailableException(DockerEndpoint endpoint, DockerUnavailableReason reason, Exception? inner = null)
        : base(Describe(endpoint, reason, inner), inner)
    {
        Reason = reason;
    }

    public DockerUnavailableReason Reason { get; }

    /// <summary>Missing socket and denied permission are configuration errors, not outages.</summary>
    public bool IsConfigurationError => Reason is DockerUnavailableReason.SocketMissing or DockerUnavailableReason.PermissionDenied;

    internal static DockerUnavailableReason Classify(SocketException exception) => exception.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable or SocketError.HostNotFound => DockerUnavailableReason.SocketMissing,
        SocketError.AccessDenied => DockerUnavailableReason.PermissionDenied,
        SocketError.ConnectionRefused => DockerUnavailableReason.Refused,
        // ENOENT has no SocketError of its own on every runtime; the native code tells it apart.
        _ when exception.ErrorCode == 2 => DockerUnavailableReason.SocketMissing,
        _ when exception.ErrorCode == 13 => DockerUnavailableReason.PermissionDenied,
        _ => DockerUnavailableReason.Other,
    };

    private static string Describe(DockerEndpoint endpoint, DockerUnavailableReason reason, Exception? inner)
    {
        var where = endpoint.IsUnixSocket ? $"the Docker socket {endpoint.SocketPath}" : $"the Docker engine at {endpoint.Address}";
        return reason switch
        {
            DockerUnavailableReason.SocketMissing =>
                $"Cannot connect to {where}: it does not exist. Is Docker running? Set DOCKER_HOST to the engine's socket (unix:///path) or address (tcp://host:port).",
            DockerUnavailableReason.PermissionDenied =>
                $"Cannot connect to {where}: permission denied. Run the agent as a member of the socket's group (usually 'docker') or as root.",
            DockerUnavailableReason.Refused => $"Cannot connect to {where}: connection refused (is the engine restarting?).",
            _ => $"Cannot connect to {where}: {inner?.Message ?? "unknown error"}.",
        };
    }
}

/// <summary>The engine answered with an error status.</summary>
public sealed class DockerApiException(string endpoint, int statusCode, string body)
    : Exception($"Docker API {endpoint} answered {statusCode}: {body}")
{
    public int StatusCode { get; } = statusCode;
}
