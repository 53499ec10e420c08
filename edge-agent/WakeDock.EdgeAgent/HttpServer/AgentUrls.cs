using System.Net;

namespace WakeDock.EdgeAgent.HttpServer;

/// <summary>The addresses in <c>--urls</c> / <c>ASPNETCORE_URLS</c> are not ones the agent can listen on.</summary>
public sealed class AgentUrlsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads <c>--urls</c> / <c>ASPNETCORE_URLS</c> (<c>;</c>-separated) as Kestrel does: <c>*</c>, <c>+</c> and <c>0.0.0.0</c> are every IPv4 address, <c>[::]</c> every address.</summary>
public static class AgentUrls
{
    public static IReadOnlyList<IPEndPoint> Parse(string urls)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Wildcards are not host names Uri accepts.
            var parsed = url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsed, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new AgentUrlsException($"{url} is not an http:// address (the agent serves plain HTTP; put TLS in front of it)");
            }

            var address = uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns ? IPAddress.Loopback
                : IPAddress.TryParse(uri.IdnHost, out var ip) ? ip
                : throw new AgentUrlsException($"{url}: the agent listens on an IP address, localhost or a wildcard, not on the name {uri.Host}");
            endpoints.Add(new IPEndPoint(address, uri.Port));
        }

        return endpoints.Count > 0 ? endpoints : throw new AgentUrlsException("no address to listen on");
    }
}
