using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>Refuses security settings that cannot be what was meant, naming the setting.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"WakeDock:Security:ApiKeys:{i}:Name must be set: logs and rate limits know a caller by its key's name.");
            }

            if (!KeyHash.IsHash(key.Hash))
            {
                failures.Add($"WakeDock:Security:ApiKeys:{i}:Hash must be 'sha256:' and 64 hex digits of the key (printf %s \"$KEY\" | sha256sum); keys are never stored in clear.");
            }

            if (!Enum.IsDefined(key.Role))
            {
                failures.Add($"WakeDock:Security:ApiKeys:{i}:Role must be Reader or Admin.");
            }

            foreach (var (list, values) in new[] { ("Hosts", key.Scope.Hosts), ("Services", key.Scope.Services), ("Projects", key.Scope.Projects), ("Containers", key.Scope.Containers) })
            {
                if (values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > 256 || v.Any(char.IsControl)))
                {
                    failures.Add($"WakeDock:Security:ApiKeys:{i}:Scope:{list} holds an empty entry, one over 256 characters or with control characters; an empty list (no entry) means no limit.");
                }
            }
        }

        foreach (var duplicate in options.ApiKeys.GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"WakeDock:Security:ApiKeys: the name '{duplicate.Key}' is given to several keys.");
        }

        foreach (var duplicate in options.ApiKeys.GroupBy(k => k.Hash, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"WakeDock:Security:ApiKeys: keys {string.Join(", ", duplicate.Select(k => k.Name))} have the same hash.");
        }

        foreach (var origin in options.CorsOrigins)
        {
            if (!IsOrigin(origin))
            {
                failures.Add($"WakeDock:Security:CorsOrigins (WAKEDOCK_CORS_ORIGINS): '{origin}' is not an origin such as https://dashboard.example.com (scheme, host and port only; '*' is not allowed).");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Tokens.SigningKey) && TokenSigningKey.Decode(options.Tokens.SigningKey) is null)
        {
            failures.Add($"WakeDock:Security:Tokens:SigningKey (WAKEDOCK_TOKEN_SIGNING_KEY) must be base64 of at least {TokenSigningKey.MinimumBytes} bytes (openssl rand -base64 32).");
        }

        if (options.Tokens.LifetimeMinutes is <= 0 or > TokenOptions.MaxLifetimeMinutes || double.IsNaN(options.Tokens.LifetimeMinutes))
        {
            failures.Add($"WakeDock:Security:Tokens:LifetimeMinutes (WAKEDOCK_TOKEN_LIFETIME_MINUTES) must be more than 0 and at most {TokenOptions.MaxLifetimeMinutes}.");
        }

        if (options.RateLimit.PermitsPerSecond < 1 || options.RateLimit.Burst < 1)
        {
            failures.Add("WakeDock:Security:RateLimit:PermitsPerSecond and Burst must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsOrigin(string origin)
        => Uri.TryCreate(origin, UriKind.Absolute, out var uri)
           && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
           && uri.AbsolutePath == "/" && !origin.EndsWith('/') && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}
