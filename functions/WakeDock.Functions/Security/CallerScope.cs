using System.Security.Claims;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Security;

/// <summary>
/// An API key's scope as claims of its caller — one claim a value, the same in a key's principal and in a token — and
/// back: what every endpoint that names containers filters on.
/// </summary>
public static class CallerScope
{
    public const string HostClaim = "wakedock_host";
    public const string ServiceClaim = "wakedock_service";
    public const string ProjectClaim = "wakedock_project";
    public const string ContainerClaim = "wakedock_container";

    public static readonly string[] ClaimTypes = [HostClaim, ServiceClaim, ProjectClaim, ContainerClaim];

    public static IEnumerable<Claim> Claims(KeyScopeOptions scope)
        => scope.Hosts.Select(h => new Claim(HostClaim, h))
            .Concat(scope.Services.Select(s => new Claim(ServiceClaim, s)))
            .Concat(scope.Projects.Select(p => new Claim(ProjectClaim, p)))
            .Concat(scope.Containers.Select(c => new Claim(ContainerClaim, c)));

    /// <summary>A configured scope, or null when it does not limit.</summary>
    public static ContainerScope? Of(KeyScopeOptions options)
    {
        var scope = new ContainerScope([.. options.Hosts], [.. options.Services], [.. options.Projects], [.. options.Containers]);
        return scope.IsUnlimited ? null : scope;
    }

    /// <summary>The caller's scope, or null when it may see every container.</summary>
    public static ContainerScope? Of(ClaimsPrincipal? user)
    {
        if (user is null)
        {
            return null;
        }

        var scope = new ContainerScope(Values(user, HostClaim), Values(user, ServiceClaim), Values(user, ProjectClaim), Values(user, ContainerClaim));
        return scope.IsUnlimited ? null : scope;
    }

    public static ContainerScope? ScopeOf(this HttpContext context) => Of(context.User);

    /// <summary>The scope as one line for logs: <c>all</c>, or <c>hosts=a,b services=web</c>.</summary>
    public static string Describe(ContainerScope? scope)
    {
        if (scope is null)
        {
            return "all";
        }

        var parts = new List<string>();
        Add(parts, "hosts", scope.Hosts);
        Add(parts, "services", scope.Services);
        Add(parts, "projects", scope.Projects);
        Add(parts, "containers", scope.Names);
        return string.Join(' ', parts);
    }

    private static void Add(List<string> parts, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parts.Add(name + "=" + string.Join(',', values));
        }
    }

    private static string[] Values(ClaimsPrincipal user, string type) => [.. user.FindAll(type).Select(c => c.Value)];
}
