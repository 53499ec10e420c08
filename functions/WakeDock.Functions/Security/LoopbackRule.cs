using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>
/// With no API key configured, the host listens on loopback (or a unix socket) only: each address is checked as
/// Kestrel is about to bind it, so a host told to listen on <c>0.0.0.0</c>, <c>[::]</c>, <c>*</c> or a host name
/// refuses to start, before anyone could reach it.
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
            if (Refuses(listen.EndPoint, security))
            {
                var message = RefusalMessage(listen.EndPoint);
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LoopbackRule).FullName!);
                LogRefused(logger, message);
                throw new InvalidOperationException(message);
            }
        });
    }

    public static bool Refuses(EndPoint endPoint, SecurityOptions security)
        => security.ApiKeys.Count == 0 && !security.AllowAnonymousNonLoopback && !IsLocal(endPoint);

    public static bool IsLocal(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
        UnixDomainSocketEndPoint => true,
        _ => false,
    };

    public static string RefusalMessage(EndPoint endPoint)
        => $"WakeDock refuses to listen on {Describe(endPoint)} with no API key configured: anyone who can reach that address could read "
           + "and control the monitoring. Listen on 127.0.0.1 (the default), or configure WakeDock:Security:ApiKeys (see docs/security.md).";

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { Address: var a } ip when a.Equals(IPAddress.IPv6Any) => $"every address (port {ip.Port})",
        IPEndPoint { Address: var a } ip when a.Equals(IPAddress.Any) => $"0.0.0.0:{ip.Port}",
        _ => endPoint.ToString() ?? "that address",
    };

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRefused(ILogger logger, string message);
}
