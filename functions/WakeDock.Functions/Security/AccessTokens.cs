using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>The answer of <c>POST /api/v1/auth/token</c>: the token, when it ends, and what it carries.</summary>
public sealed record AccessTokenResponse(string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt, string Name, string Role, AccessTokenScope? Scope);

/// <summary>A token's scope as it is written in it (and in <c>WakeDock:Security:ApiKeys:N:Scope</c>).</summary>
public sealed record AccessTokenScope(IReadOnlyList<string> Hosts, IReadOnlyList<string> Services, IReadOnlyList<string> Projects, IReadOnlyList<string> Containers);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccessTokenResponse))]
internal sealed partial class SecurityJsonContext : JsonSerializerContext;

/// <summary>
/// Short-lived tokens for a key: a JWT signed HS256 with <see cref="TokenSigningKey"/>, issuer <c>wakedock</c>, audience
/// <c>wakedock-api</c>, the key's name in <c>sub</c>, its role in <c>role</c> and its scope in <c>wakedock_*</c> arrays.
/// What browsers put in a URL (<c>?access_token=</c> on a WebSocket) instead of the key.
/// </summary>
public sealed class AccessTokens(TokenSigningKey key, IOptions<SecurityOptions> options, TimeProvider time)
{
    public const string Issuer = "wakedock";
    public const string Audience = "wakedock-api";
    public const string NameClaim = "sub";
    public const string RoleClaim = "role";
    public const string Path = "/api/v1/auth/token";

    private readonly JsonWebTokenHandler _handler = new();

    public AccessTokenResponse Issue(ClaimsPrincipal caller)
    {
        var now = time.GetUtcNow();
        var lifetime = TimeSpan.FromMinutes(Math.Min(options.Value.Tokens.LifetimeMinutes, TokenOptions.MaxLifetimeMinutes));
        var expires = now + lifetime;
        var name = caller.Identity?.Name ?? ApiKeyRing.OpenCaller;
        var role = caller.IsInRole(ApiKeyRing.RoleAdmin) ? ApiKeyRing.RoleAdmin : ApiKeyRing.RoleReader;
        var claims = new Dictionary<string, object> { [NameClaim] = name, [RoleClaim] = role };
        foreach (var type in CallerScope.ClaimTypes)
        {
            if (caller.FindAll(type).Select(c => c.Value).ToList() is { Count: > 0 } values)
            {
                claims[type] = values;
            }
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        var scope = CallerScope.Of(caller) is { } s ? new AccessTokenScope(s.Hosts, s.Services, s.Projects, s.Names) : null;
        return new AccessTokenResponse(token, "Bearer", (int)lifetime.TotalSeconds, expires, name, role, scope);
    }

    /// <summary>A compact JWS (three base64url parts): what the token scheme reads; anything else is taken for an API key.</summary>
    public static bool LooksLikeToken(string? credential)
        => credential is { Length: > 0 } && credential.StartsWith("eyJ", StringComparison.Ordinal) && credential.Count(c => c == '.') == 2;

    /// <summary>Validation: our issuer and audience, HS256 with our key only, a lifetime required, 30 s of clock skew.</summary>
    public static void Configure(JwtBearerOptions bearer, TokenSigningKey key)
    {
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = NameClaim,
            RoleClaimType = RoleClaim,
        };
        bearer.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                context.Token = ApiKeyAuthenticationHandler.PresentedKey(context.HttpContext);
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var detail = context.AuthenticateFailure switch
                {
                    SecurityTokenExpiredException => "The token has expired: get a new one from POST " + Path + " with the key.",
                    SecurityTokenInvalidAudienceException => "The token is not for this API (audience).",
                    SecurityTokenInvalidIssuerException => "The token was not issued by WakeDock (issuer).",
                    SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The token's signature is not valid.",
                    SecurityTokenInvalidAlgorithmException => "The token is not signed with HS256.",
                    null => "A token or an API key is required.",
                    _ => "The token is not valid.",
                };
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"wakedock\", error=\"invalid_token\"";
                await AuthProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
            },
            OnForbidden = context => AuthProblems.WriteForbiddenAsync(context.HttpContext),
        };
    }
}

/// <summary>The problem details of a refused caller, shared by the key and the token schemes.</summary>
internal static class AuthProblems
{
    public static Task WriteForbiddenAsync(HttpContext context)
        => WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", CallerScope.ScopeOf(context) is not null
            ? "This key is limited to some containers; what this endpoint reads or changes spans the others too (statistics, thresholds, /metrics, start/stop beyond its hosts)."
            : "This key's role may not do this: start, stop and threshold changes need an admin key.");

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["field"] = "Authorization" } },
        });
    }
}
