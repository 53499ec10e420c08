using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>The names of the API-key scheme, for endpoints that authenticate the way the API does (the live streams).</summary>
public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";

    /// <summary>The scheme endpoints ask for: forwards to the token scheme for a JWT, to <see cref="Scheme"/> otherwise.</summary>
    public const string CallerScheme = "WakeDock";

    /// <summary>The header that may carry the key (besides <c>Authorization: Bearer</c>).</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The query parameter that carries the key on a WebSocket upgrade only.</summary>
    public const string QueryName = "access_token";
}

/// <summary>
/// The API-key authentication scheme: the key in <c>Authorization: Bearer</c> or <c>X-Api-Key</c>, or, on a
/// WebSocket upgrade only (browsers cannot set headers there), in the <c>access_token</c> query parameter.
/// Keys are never logged; the caller is known by the key's name.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys, IProblemDetailsService problems,
    IOptions<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsOpen)
        {
            return Task.FromResult(Success(ApiKeyRing.OpenCaller, ApiRole.Admin));
        }

        if (PresentedKey(Context) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (KeyInQueryRefused())
        {
            return Task.FromResult(AuthenticateResult.Fail("An API key in a URL is refused (WakeDock:Security:AllowKeyInQuery=false)."));
        }

        return Task.FromResult(keys.Find(presented) is { } key
            ? Success(key.Name, key.Role, key.Scope)
            : AuthenticateResult.Fail("The API key presented is not valid."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"wakedock\"";
        var invalid = PresentedKey(Context) is not null;
        await WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized", (invalid, KeyInQueryRefused()) switch
        {
            (true, true) => "An API key in a URL is refused: send a token from POST /api/v1/auth/token in access_token instead.",
            (true, false) => "The API key is not valid.",
            _ => "An API key is required: send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.",
        });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.WriteForbiddenAsync(Context);

    private bool KeyInQueryRefused()
        => !security.Value.AllowKeyInQuery && PresentedKey(Context) is not null
           && !Request.Headers.ContainsKey(ApiKeyDefaults.HeaderName) && !Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The key the request carries, wherever it is allowed to carry one.</summary>
    public static string? PresentedKey(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.TryGetValue(ApiKeyDefaults.HeaderName, out var header) && header.ToString() is { Length: > 0 } key)
        {
            return key.Trim();
        }

        var authorization = headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
        {
            return authorization[7..].Trim();
        }

        return IsWebSocketUpgrade(context) && context.Request.Query.TryGetValue(ApiKeyDefaults.QueryName, out var token) && token.ToString() is { Length: > 0 } queryKey
            ? queryKey
            : null;
    }

    /// <summary>
    /// An HTTP/1.1 upgrade or an HTTP/2 extended CONNECT to WebSocket. Read from the request itself: the WebSocket
    /// feature is only added inside the endpoints that accept WebSockets, after authentication ran.
    /// </summary>
    public static bool IsWebSocketUpgrade(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            return true;
        }

        var request = context.Request;
        if (HttpMethods.IsGet(request.Method)
            && string.Equals(request.Headers.Upgrade.ToString(), "websocket", StringComparison.OrdinalIgnoreCase)
            && request.Headers.Connection.ToString().Contains("upgrade", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true, Protocol: var protocol }
               && string.Equals(protocol, "websocket", StringComparison.OrdinalIgnoreCase);
    }

    private static AuthenticateResult Success(string name, ApiRole role, KeyScopeOptions? scope = null)
        => AuthenticateResult.Success(new AuthenticationTicket(ApiKeyRing.Principal(name, role, ApiKeyDefaults.Scheme, scope), ApiKeyDefaults.Scheme));

    private Task<bool> WriteAsync(int status, string title, string detail)
        => problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["field"] = "Authorization" } },
        }).AsTask();
}
