using System.Globalization;

namespace WakeDock.Functions.Live.Azure;

/// <summary>The parts of an Azure SignalR connection string: <c>Endpoint=…;AccessKey=…;Version=1.0;[Port=…;]</c>.</summary>
public sealed record AzureSignalRConnectionString(Uri Endpoint, string AccessKey)
{
    public static AzureSignalRConnectionString Parse(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);

        if (!parts.TryGetValue("Endpoint", out var endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new FormatException("Azure:SignalR:ConnectionString needs Endpoint=https://<name>.service.signalr.net.");
        }

        if (!parts.TryGetValue("AccessKey", out var key) || key.Length == 0)
        {
            throw new FormatException("Azure:SignalR:ConnectionString needs AccessKey=… (the serverless mode signs its tokens with it).");
        }

        if (parts.TryGetValue("Version", out var version) && version != "1.0")
        {
            throw new FormatException($"Azure:SignalR:ConnectionString: Version={version} is not supported; 1.0 is.");
        }

        var builder = new UriBuilder(uri) { Path = "", Query = "", Fragment = "" };
        if (parts.TryGetValue("Port", out var port))
        {
            builder.Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
                ? p
                : throw new FormatException($"Azure:SignalR:ConnectionString: Port={port} is not a port.");
        }

        return new AzureSignalRConnectionString(builder.Uri, key);
    }

    /// <summary>The endpoint without its trailing slash, as URLs are built from it.</summary>
    public string Base => Endpoint.GetLeftPart(UriPartial.Authority);
}
