namespace WakeDock.Functions.Http;

/// <summary>Where the API lives: every route of the spec is under <see cref="Prefix"/>.</summary>
public static class ApiRoutes
{
    public const string Prefix = "/api/v1/monitoring";
}
