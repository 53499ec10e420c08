using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>
/// With no API key configured, or with neither a Dapr app token nor an agent key protecting the ingest, the host
/// listens on loopback (or a unix socket) only: each address is checked as Kestrel is about to bind it, so a host
/// told to listen on <c>0.0.0.0</c>, <c>[::]</c>, <c>*</c> or a host name refuses to start, before anyone could reach it.
/// </summary>
public static partial class LoopbackRule
{
    public static void Apply(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        kestrel.ConfigureEndpointDefaults(listen =>
        {
            var services = kestrel.ApplicationServices;
            var security = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
            var ingest = services.GetRequiredService<IOptions<WakeDockOptions>>().Value.Ingest;
            if (Refusal(listen.EndPoint, security, ingest) is { } message)
            {
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LoopbackRule).FullName!);
                LogRefused(logger, message);
                throw new InvalidOperationException(message);
            }
        });
    }

    /// <summary>Why the host may not listen on <paramref name="endPoint"/>, or null when it may.</summary>
    public static string? Refusal(EndPoint endPoint, SecurityOptions security, IngestOptions ingest)
    {
        var api = Refuses(endPoint, security) ? RefusalMessage(endPoint) : null;
        var open = RefusesIngest(endPoint, ingest) ? IngestRefusalMessage(endPoint) : null;
        return api is null ? open : open is null ? api : $"{api} {open}";
    }

    public static bool Refuses(EndPoint endPoint, SecurityOptions security)
        => security.ApiKeys.Count == 0 && !security.AllowAnonymousNonLoopback && !IsLocal(endPoint);

    /// <summary>
    /// Ingest open to anonymous callers beyond loopback. <see cref="SecurityOptions.AllowAnonymousNonLoopback"/> does
    /// not lift this: inside a container the sidecar and the other containers of its network reach it too.
    /// </summary>
    public static bool RefusesIngest(EndPoint endPoint, IngestOptions ingest) => !IngestAccess.IsProtected(ingest) && !IsLocal(endPoint);

    public static bool IsLocal(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
        UnixDomainSocketEndPoint => true,
        _ => false,
    };

    /// <summary>A client on this machine: a loopback address, or none at all (a unix socket, an in-process test server).</summary>
    public static bool IsLocalClient(ConnectionInfo connection)
        => connection.RemoteIpAddress is not { } address || IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    public static string RefusalMessage(EndPoint endPoint)
        => $"WakeDock refuses to listen on {Describe(endPoint)} with no API key configured: anyone who can reach that address could read "
           + "and control the monitoring. Listen on 127.0.0.1 (the default), or configure WakeDock:Security:ApiKeys (see docs/security.md).";

    public static string IngestRefusalMessage(EndPoint endPoint)
        => $"WakeDock refuses to listen on {Describe(endPoint)} with its ingest open: anyone who can reach that address could forge samples, "
           + "raise alerts, fire webhooks and run the timers. Set APP_API_TOKEN (WakeDock:Ingest:AppApiToken, the token the Dapr sidecar sends as "
           + "dapr-api-token) or WakeDock:Ingest:AgentKeys (the keys agents send as X-WakeDock-Agent-Key), or listen on 127.0.0.1 (see docs/security.md).";

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { Address: var a } ip when a.Equals(IPAddress.IPv6Any) => $"every address (port {ip.Port})",
        IPEndPoint { Address: var a } ip when a.Equals(IPAddress.Any) => $"0.0.0.0:{ip.Port}",
        _ => endPoint.ToString() ?? "that address",
    };

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRefused(ILogger logger, string message);
}
