using System.Security.Claims;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>The configured API keys, by hash. With none configured the ring is open: every caller is let in (loopback only).</summary>
public sealed class ApiKeyRing
{
    public const string RoleReader = "reader";
    public const string RoleAdmin = "admin";

    /// <summary>Who is let in while no key is configured.</summary>
    public const string OpenCaller = "loopback";

    private readonly Dictionary<string, ApiKeyOptions> _byHash;

    public ApiKeyRing(IOptions<SecurityOptions> options)
    {
        _byHash = options.Value.ApiKeys
            .Where(k => KeyHash.IsHash(k.Hash))
            .ToDictionary(k => k.Hash.ToLowerInvariant(), StringComparer.Ordinal);
    }

    public bool IsOpen => _byHash.Count == 0;

    public int Count => _byHash.Count;

    /// <summary>The key's settings, or null when it is not one of ours.</summary>
    public ApiKeyOptions? Find(string presented)
        => presented.Length is > 0 and <= 512 && _byHash.TryGetValue(KeyHash.Of(presented), out var key) ? key : null;

    public static ClaimsPrincipal Principal(string name, ApiRole role, string scheme, KeyScopeOptions? scope = null)
        => new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, RoleName(role)), .. scope is null ? [] : CallerScope.Claims(scope)],
            scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static string RoleName(ApiRole role) => role == ApiRole.Admin ? RoleAdmin : RoleReader;
}
