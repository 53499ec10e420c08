using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>
/// Headers on every response, error pages included (added when the response starts, so that an exception
/// handler clearing the headers does not lose them): no sniffing, no framing, no referrer; a locked-down
/// Content-Security-Policy and no caching for the API; HSTS over HTTPS.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<SecurityOptions> options)
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private readonly string _pagePolicy = options.Value.ContentSecurityPolicy;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (context, pagePolicy) = ((HttpContext, string))state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), usb=()";
            var api = IsApi(context.Request.Path);
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = api ? ApiPolicy : pagePolicy;
            }

            if (api && !headers.ContainsKey(HeaderNames.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return Task.CompletedTask;
        }, (context, _pagePolicy));
        return next(context);
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi");
}
