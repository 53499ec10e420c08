using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using WakeDock.Contracts;

namespace WakeDock.Functions.Http;

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

/// <summary>A query parameter an endpoint takes (from its request records, <see cref="ApiParameters.Of"/>): what it is, its default and bounds. Read by <see cref="ApiQuery"/> and written into the OpenAPI document.</summary>
public sealed record ApiParameter(string Name, ParameterKind Kind, string Description)
{
    public object? Default { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>The minimum itself is not allowed (hours &gt; 0).</summary>
    public bool ExclusiveMinimum { get; init; }

    public IReadOnlyList<string> Choices { get; init; } = [];
}

/// <summary>Endpoint metadata: the query parameters the endpoint takes; any other is refused by name.</summary>
public sealed class ApiParameters(params ApiParameter[] parameters)
{
    private readonly Dictionary<string, ApiParameter> _byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static ApiParameters None { get; } = new();

    public IReadOnlyList<ApiParameter> All { get; } = parameters;

    /// <summary>
    /// Read from the handler's <c>[AsParameters]</c> request records: the framework binds them, so each value is checked
    /// and put in the form the binder parses (<see cref="ApiQuery.Of"/>) before it does.
    /// </summary>
    public bool Bound { get; private init; }

    public ApiParameter? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The query parameters of a handler's <c>[AsParameters]</c> records, in order: each property's
    /// <c>[FromQuery(Name)]</c>, <c>[Description]</c>, <c>[DefaultValue]</c>, <c>[Range]</c> and <c>[AllowedValues]</c>;
    /// its type gives the kind. Null when the handler takes no such record.
    /// </summary>
    public static ApiParameters? Of(MethodInfo handler)
    {
        var properties = handler.GetParameters()
            .Where(p => p.IsDefined(typeof(AsParametersAttribute)))
            .SelectMany(p => p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.GetCustomAttributes().OfType<IFromQueryMetadata>().Any())
            .ToList();
        return properties.Count == 0 ? null : new ApiParameters([.. properties.Select(Describe)]) { Bound = true };
    }

    private static ApiParameter Describe(PropertyInfo property)
    {
        var name = property.GetCustomAttributes().OfType<IFromQueryMetadata>().First().Name
                   ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} needs [FromQuery(Name = ...)]: the spec's names are snake_case.");
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var choices = property.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!).ToList();
        var kind = choices is not null ? ParameterKind.Choice
            : property.IsDefined(typeof(DurationAttribute)) ? ParameterKind.Duration
            : type == typeof(string) ? ParameterKind.Text
            : type == typeof(int) ? ParameterKind.WholeNumber
            : type == typeof(double) ? ParameterKind.Number
            : type == typeof(bool) ? ParameterKind.Boolean
            : type == typeof(DateTimeOffset) ? ParameterKind.Time
            : throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name}: a query parameter is a string, int, double, bool or DateTimeOffset.");
        var range = property.GetCustomAttribute<RangeAttribute>();
        var maximum = range is null ? (double?)null : Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        return new ApiParameter(name, kind, property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "")
        {
            Default = property.GetCustomAttribute<DefaultValueAttribute>()?.Value,
            Minimum = range is null ? null : Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture),
            Maximum = maximum is double.MaxValue ? null : maximum,
            ExclusiveMinimum = range?.MinimumIsExclusive ?? false,
            Choices = choices ?? [],
        };
    }
}

/// <summary>A query text that is a duration (<c>30s</c>, <c>5m</c>, <c>1h</c>): described as one, read by the handler.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DurationAttribute : Attribute;

/// <summary>The wire names of <typeparamref name="T"/> (<see cref="WireNames"/>) as a query parameter's choices.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WireNamesAttribute<T>() : AllowedValuesAttribute([.. WireNames.All<T>()]) where T : struct, Enum;

/// <summary>A query text that names a contracts' enum by its wire name (<see cref="WireNames"/>).</summary>
public static class WireNameParameter
{
    /// <summary>The value of <paramref name="text"/>, or a 400 naming <paramref name="field"/> and listing the names.</summary>
    public static T Parse<T>(string field, string text) where T : struct, Enum
        => WireNames.TryParse<T>(text, out var value) ? value : throw ApiProblem.Invalid(field, $"{field} '{text}' is not one of {string.Join(", ", WireNames.All<T>())}.");
}
