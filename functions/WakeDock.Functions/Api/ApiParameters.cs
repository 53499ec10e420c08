using System.Reflection;
using System.Text.Json.Serialization;

namespace WakeDock.Functions.Api;

public enum ParameterKind
{
    Text,
    WholeNumber,
    Number,
    Boolean,
    Time,
    Duration,
    Choice,
}

/// <summary>A query parameter an endpoint takes: what it is, its default and bounds. Read by <see cref="ApiQuery"/> and written into the OpenAPI document.</summary>
public sealed record ApiParameter(string Name, ParameterKind Kind, string Description)
{
    public object? Default { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>The minimum itself is not allowed (hours &gt; 0).</summary>
    public bool ExclusiveMinimum { get; init; }

    public IReadOnlyList<string> Choices { get; init; } = [];

    public static ApiParameter Text(string name, string description) => new(name, ParameterKind.Text, description);

    public static ApiParameter WholeNumber(string name, string description, int @default, int minimum, int maximum)
        => new(name, ParameterKind.WholeNumber, description) { Default = @default, Minimum = minimum, Maximum = maximum };

    public static ApiParameter Hours(string description, double? @default)
        => new("hours", ParameterKind.Number, description) { Default = @default, Minimum = 0, ExclusiveMinimum = true };

    public static ApiParameter Time(string name, string description) => new(name, ParameterKind.Time, description);

    public static ApiParameter Duration(string name, string description) => new(name, ParameterKind.Duration, description);

    public static ApiParameter Boolean(string name, string description, bool @default) => new(name, ParameterKind.Boolean, description) { Default = @default };

    public static ApiParameter Choice<T>(string name, string description) where T : struct, Enum
        => new(name, ParameterKind.Choice, description) { Choices = WireNames.All<T>() };

    public static ApiParameter Choice(string name, string description, params string[] choices) => new(name, ParameterKind.Choice, description) { Choices = choices };
}

/// <summary>Endpoint metadata: the query parameters the endpoint takes; any other is refused by name.</summary>
public sealed class ApiParameters(params ApiParameter[] parameters)
{
    private readonly Dictionary<string, ApiParameter> _byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static ApiParameters None { get; } = new();

    public IReadOnlyList<ApiParameter> All { get; } = parameters;

    public ApiParameter? Find(string name) => _byName.GetValueOrDefault(name);
}

/// <summary>Enums' names on the wire (their <see cref="JsonStringEnumMemberNameAttribute"/>s: <c>cpu_percent</c>, <c>critical</c>).</summary>
public static class WireNames
{
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Cache<T>.Names;

    public static bool TryParse<T>(string text, out T value) where T : struct, Enum => Cache<T>.ByName.TryGetValue(text, out value);

    public static string Name<T>(T value) where T : struct, Enum => Cache<T>.ByValue[value];

    /// <summary>The value of <paramref name="text"/>, or a 400 naming <paramref name="field"/> and listing the names.</summary>
    public static T Parse<T>(string field, string text) where T : struct, Enum
        => TryParse<T>(text, out var value) ? value : throw ApiProblem.Invalid(field, $"{field} '{text}' is not one of {string.Join(", ", All<T>())}.");

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly Dictionary<string, T> ByName = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name, f => (T)f.GetValue(null)!, StringComparer.Ordinal);

        public static readonly Dictionary<T, string> ByValue = ByName.ToDictionary(p => p.Value, p => p.Key);

        public static readonly IReadOnlyList<string> Names = [.. ByName.Keys];
    }
}
