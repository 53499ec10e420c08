using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Live;

/// <summary>
/// Who may open a stream from a browser: a page of this host (same origin) or one of <c>WAKEDOCK_CORS_ORIGINS</c>.
/// Browsers always send <c>Origin</c> on a WebSocket; other clients (scripts, services) send none and are let through to
/// the key check. CORS does not cover WebSockets, hence this rule.
/// </summary>
public sealed class OriginRule(IOptions<SecurityOptions> security)
{
    public bool Allows(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return security.Value.CorsOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
    }

    public static string Refusal(HttpRequest request)
        => $"Origin '{request.Headers.Origin}' may not open a stream: only this host's pages and WAKEDOCK_CORS_ORIGINS may.";
}
