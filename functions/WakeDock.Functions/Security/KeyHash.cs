using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace WakeDock.Functions.Security;

/// <summary>
/// Keys kept in configuration as <c>sha256:&lt;hex&gt;</c> of their UTF-8 bytes, compared in constant time:
/// the agents' ingest keys and the API keys alike.
/// </summary>
public static class KeyHash
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public const string Prefix = "sha256:";

    /// <summary>The configuration form of <paramref name="key"/>: <c>sha256:</c> and 64 lower-case hex digits.</summary>
    public static string Of(string key) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="configured"/> is a well-formed hash (not a key in clear).</summary>
    public static bool IsHash(string configured)
        => configured.Length == Prefix.Length + 64
           && configured.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
           && configured.AsSpan(Prefix.Length).ContainsAnyExcept(HexDigits) is false;

    /// <summary>A configured key is the key itself or <c>sha256:&lt;hex&gt;</c> of it.</summary>
    public static bool Matches(string presented, string configured)
        => configured.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            ? FixedEquals(Of(presented), Prefix + configured[Prefix.Length..].ToLowerInvariant())
            : FixedEquals(presented, configured);

    public static bool FixedEquals(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
