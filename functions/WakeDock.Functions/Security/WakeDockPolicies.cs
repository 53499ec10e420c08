namespace WakeDock.Functions.Security;

/// <summary>
/// The names other parts of the host use to protect their endpoints the way the API is protected:
/// <c>.RequireAuthorization(WakeDockPolicies.Reader)</c>, <c>.RequireRateLimiting(WakeDockPolicies.RateLimit)</c>.
/// </summary>
public static class WakeDockPolicies
{
    /// <summary>Any valid key (reader or admin); everyone while no key is configured (loopback only).</summary>
    public const string Reader = "wakedock-reader";

    /// <summary>An admin key: start/stop and thresholds.</summary>
    public const string Admin = "wakedock-admin";

    /// <summary>An API key itself (not a token): what may be exchanged for a token.</summary>
    public const string Key = "wakedock-key";

    /// <summary>A key without a scope: what spans every container (pipeline statistics, thresholds, <c>/metrics</c>).</summary>
    public const string Unscoped = "wakedock-unscoped";

    /// <summary>The token bucket per key (per client address without one).</summary>
    public const string RateLimit = "wakedock-api";

    /// <summary>The browser origins of <c>WAKEDOCK_CORS_ORIGINS</c>.</summary>
    public const string Cors = "wakedock-cors";
}
