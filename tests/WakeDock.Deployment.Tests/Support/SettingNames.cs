using System.Collections;
using System.Reflection;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.Functions.Embedded;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;

namespace WakeDock.Deployment.Tests.Support;

/// <summary>
/// Whether an environment variable given to a container is one the agent or the functions host reads:
/// a spec variable (<c>WAKEDOCK_*</c>), a Docker/Dapr convention the code names, a standard ASP.NET Core,
/// .NET, OpenTelemetry or Azure Functions host variable, a <c>%setting%</c> of a trigger, or a <c>WakeDock__…</c> path that lands on a property of an options class.
/// </summary>
internal static class SettingNames
{
    private static readonly HashSet<string> Platform = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DOTNET_EnableDiagnostics", "DOTNET_gcServer",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SERVICE_NAME",
        "OTEL_RESOURCE_ATTRIBUTES",
        // The Azure SignalR Service connection string of the live streams (issue 6): the Microsoft.Azure.SignalR setting name.
        "Azure__SignalR__ConnectionString",
    };

    /// <summary>Options classes and the configuration section each binds.</summary>
    private static readonly (string Section, Type Type)[] Sections =
    [
        (WakeDockOptions.Section, typeof(WakeDockOptions)),
        (ApiOptions.Section, typeof(ApiOptions)),
        (DaprOptions.Section, typeof(DaprOptions)),
        (SecurityOptions.Section, typeof(SecurityOptions)),
        (AgentOptions.SectionName, typeof(AgentOptions)),
    ];

    public static IReadOnlySet<string> Variables { get; } = new HashSet<string>(
        SpecEnvironmentVariables.Map.Keys
            .Concat(SpecEnvironmentVariables.ListMap.Keys)
            .Concat(typeof(AgentEnvironment).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue()!)),
        StringComparer.Ordinal);

    /// <summary>Null when the code reads <paramref name="name"/>; otherwise why not.</summary>
    public static string? Problem(string name)
    {
        if (Variables.Contains(name) || Platform.Contains(name) || FunctionsAppSettings.Host.Contains(name) || FunctionsAppSettings.TriggerSettings.Contains(name))
        {
            return null;
        }

        if (!name.StartsWith("WakeDock__", StringComparison.Ordinal))
        {
            return $"{name} is neither a WAKEDOCK_* variable of the spec, a variable the agent names, nor a WakeDock__ setting";
        }

        var key = name.Replace("__", ":", StringComparison.Ordinal);
        if (string.Equals(key, HostMode.EmbeddedAgentKey, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var (section, type) in Sections.OrderByDescending(s => s.Section.Length))
        {
            if (key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase)
                && Resolves(type, key[(section.Length + 1)..].Split(':')))
            {
                return null;
            }
        }

        return $"{name} names no property of the options classes ({key})";
    }

    private static bool Resolves(Type type, ReadOnlySpan<string> path)
    {
        if (path.IsEmpty)
        {
            return IsLeaf(type);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IList<>) || definition == typeof(List<>)))
        {
            return int.TryParse(path[0], out _) && Resolves(type.GetGenericArguments()[0], path[1..]);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        {
            return path.Length == 1 && IsLeaf(type.GetGenericArguments()[1]);
        }

        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && Resolves(property.PropertyType, path[1..]);
    }

    private static bool IsLeaf(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
               || underlying == typeof(TimeSpan) || underlying == typeof(Uri) || !typeof(IEnumerable).IsAssignableFrom(underlying) && !underlying.IsClass;
    }
}
