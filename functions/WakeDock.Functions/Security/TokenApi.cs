namespace WakeDock.Functions.Security;

/// <summary><c>POST /api/v1/auth/token</c>: an API key (in a header) exchanged for a short-lived token of the same name, role and scope.</summary>
public static class TokenApi
{
    public static IEndpointRouteBuilder MapAccessTokens(this IEndpointRouteBuilder app)
    {
        app.MapPost(AccessTokens.Path, (HttpContext context, AccessTokens tokens)
                => TypedResults.Json(tokens.Issue(context.User), SecurityJsonContext.Default.AccessTokenResponse))
            .RequireAuthorization(WakeDockPolicies.Key)
            .RequireRateLimiting(WakeDockPolicies.RateLimit)
            .WithName("IssueAccessToken")
            .WithSummary("Exchanges an API key (Authorization: Bearer or X-Api-Key) for a signed token that ends within 15 minutes; a token cannot be exchanged.")
            .WithTags("Authentication");
        return app;
    }
}
