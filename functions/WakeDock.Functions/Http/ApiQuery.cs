using System.Globalization;
using WakeDock.Functions.Security;

namespace WakeDock.Functions.Http;

/// <summary>
/// The query string of an API request, read against the endpoint's <see cref="ApiParameters"/>: an unknown or
/// repeated parameter, a value that does not parse or is out of bounds is a 400 naming the parameter.
/// </summary>
public sealed class ApiQuery
{
    private const int MaxTextLength = 256;
    private readonly IQueryCollection _query;
    private readonly ApiParameters _declared;

    private ApiQuery(IQueryCollection query, ApiParameters declared)
    {
        _query = query;
        _declared = declared;
    }

    /// <summary>The request's query, checked once: the API's endpoint filter checks it first, handlers read the same.</summary>
    public static ApiQuery Of(HttpContext context)
    {
        if (context.Features.Get<ApiQuery>() is { } known)
        {
            return known;
        }

        var declared = context.GetEndpoint()?.Metadata.GetMetadata<ApiParameters>() ?? ApiParameters.None;
        var query = context.Request.Query;
        foreach (var (name, values) in query)
        {
            if (declared.Find(name) is null)
            {
                if (name == ApiKeyDefaults.QueryName)
                {
                    if (ApiKeyAuthenticationHandler.IsWebSocketUpgrade(context))
                    {
                        continue;
                    }

                    throw ApiProblem.Invalid(name, "Send the API key in the Authorization or X-Api-Key header: access_token is accepted on WebSocket upgrades only (query strings end up in logs).");
                }

                throw ApiProblem.Invalid(name, declared.All.Count == 0
                    ? $"Unknown query parameter '{name}': this endpoint takes none."
                    : $"Unknown query parameter '{name}': this endpoint takes {string.Join(", ", declared.All.Select(p => p.Name))}.");
            }

            if (values.Count > 1)
            {
                throw ApiProblem.Invalid(name, $"{name} is given {values.Count} times; give it once.");
            }
        }

        var checkedQuery = new ApiQuery(query, declared);
        if (declared.Bound)
        {
            context.Request.Query = checkedQuery.Canonical();
        }

        context.Features.Set(checkedQuery);
        return checkedQuery;
    }

    /// <summary>
    /// Middleware, before the endpoint binds its request records: the query checked by the spec's rules (a 400 naming
    /// the parameter), so the framework's binder only ever reads values it parses.
    /// </summary>
    public static async Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ApiParameters>() is not null)
        {
            try
            {
                Of(context);
            }
            catch (ApiProblemException problem)
            {
                await ApiProblem.ToResult(problem).ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

    /// <summary>
    /// Each declared value read by its kind, in the form the framework's binder reads the same: trimmed, an empty one
    /// left out, <c>1</c>/<c>0</c> as <c>true</c>/<c>false</c>, a time in UTC with its offset.
    /// </summary>
    private QueryCollection Canonical()
    {
        var values = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.Ordinal);
        foreach (var (name, value) in _query)
        {
            if (_declared.Find(name) is not { } parameter)
            {
                values[name] = value;
                continue;
            }

            var canonical = parameter.Kind switch
            {
                ParameterKind.WholeNumber => Has(name) ? WholeNumber(name).ToString(CultureInfo.InvariantCulture) : null,
                ParameterKind.Number => Has(name) ? Number(name)!.Value.ToString("R", CultureInfo.InvariantCulture) : null,
                ParameterKind.Boolean => Has(name) ? (Boolean(name) ? "true" : "false") : null,
                ParameterKind.Time => Time(name)?.ToString("O", CultureInfo.InvariantCulture),
                ParameterKind.Choice => Has(name) ? Choice(name) : null,
                _ => Text(name),
            };
            if (canonical is not null)
            {
                values[name] = canonical;
            }
        }

        return new QueryCollection(values);
    }

    public bool Has(string name) => Raw(name) is not null;

    /// <summary>A free text (container id, service, host): at most 256 characters, no control characters.</summary>
    public string? Text(string name) => Raw(name) is { } raw ? CheckText(name, raw) : null;

    public int WholeNumber(string name)
    {
        var parameter = Declared(name);
        if (Raw(name) is not { } raw)
        {
            return (int)parameter.Default!;
        }

        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw ApiProblem.Invalid(name, $"{name} must be a whole number; got '{Shorten(raw)}'.");
        }

        return (int)InBounds(parameter, value);
    }

    public double? Number(string name)
    {
        var parameter = Declared(name);
        if (Raw(name) is not { } raw)
        {
            return parameter.Default as double?;
        }

        if (!double.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw ApiProblem.Invalid(name, $"{name} must be a number; got '{Shorten(raw)}'.");
        }

        return InBounds(parameter, value);
    }

    public bool Boolean(string name)
    {
        var parameter = Declared(name);
        return Raw(name) switch
        {
            null => (bool)parameter.Default!,
            "true" or "1" => true,
            "false" or "0" => false,
            var raw => throw ApiProblem.Invalid(name, $"{name} must be true or false; got '{Shorten(raw)}'."),
        };
    }

    public DateTimeOffset? Time(string name)
    {
        Declared(name);
        return Raw(name) is { } raw ? ParseTime(name, raw) : null;
    }

    public TimeSpan? Duration(string name)
    {
        Declared(name);
        return Raw(name) is { } raw ? ParseDuration(name, raw) : null;
    }

    public T? Choice<T>(string name) where T : struct, Enum
    {
        Declared(name);
        return Raw(name) is { } raw ? WireNameParameter.Parse<T>(name, raw) : null;
    }

    public string? Choice(string name)
    {
        var parameter = Declared(name);
        if (Raw(name) is not { } raw)
        {
            return parameter.Default as string;
        }

        return parameter.Choices.Contains(raw) ? raw : throw ApiProblem.Invalid(name, $"{name} '{Shorten(raw)}' is not one of {string.Join(", ", parameter.Choices)}.");
    }

    /// <summary>RFC 3339 (<c>2025-01-16T10:30:00Z</c>, or with an offset), normalised to UTC.</summary>
    public static DateTimeOffset ParseTime(string field, string raw)
    {
        if (raw.Length >= 19 && raw[4] == '-' && raw[7] == '-' && raw[10] is 'T' or 't' or ' '
            && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw ApiProblem.Invalid(field, $"{field} must be an RFC 3339 time such as 2025-01-16T10:30:00Z; got '{Shorten(raw)}'.");
    }

    /// <summary>A duration: <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, or a number of seconds.</summary>
    public static TimeSpan ParseDuration(string field, string raw)
    {
        var unit = raw.Length > 0 ? raw[^1] : ' ';
        var (digits, scale) = unit switch
        {
            's' => (raw[..^1], 1.0),
            'm' => (raw[..^1], 60.0),
            'h' => (raw[..^1], 3600.0),
            'd' => (raw[..^1], 86400.0),
            _ => (raw, 1.0),
        };
        if (double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && value * scale is >= 1 and <= 400 * 86400.0)
        {
            return TimeSpan.FromSeconds(Math.Round(value * scale, 3));
        }

        throw ApiProblem.Invalid(field, $"{field} must be a duration of at least 1 s such as 30s, 5m, 1h or 1d (or a number of seconds); got '{Shorten(raw)}'.");
    }

    public static string CheckText(string field, string raw)
    {
        if (raw.Length > MaxTextLength)
        {
            throw ApiProblem.Invalid(field, $"{field} is longer than {MaxTextLength} characters.");
        }

        if (raw.Any(char.IsControl))
        {
            throw ApiProblem.Invalid(field, $"{field} holds control characters.");
        }

        return raw;
    }

    private string? Raw(string name)
    {
        var value = _query.TryGetValue(name, out var values) ? values.ToString().Trim() : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private ApiParameter Declared(string name)
        => _declared.Find(name) ?? throw new InvalidOperationException($"The endpoint reads query parameter '{name}' without declaring it.");

    private static double InBounds(ApiParameter parameter, double value)
    {
        var tooLow = parameter.Minimum is { } min && (parameter.ExclusiveMinimum ? value <= min : value < min);
        var tooHigh = parameter.Maximum is { } max && value > max;
        if (tooLow || tooHigh)
        {
            var range = (parameter.Minimum, parameter.Maximum, parameter.ExclusiveMinimum) switch
            {
                ({ } low, { } high, _) => string.Create(CultureInfo.InvariantCulture, $"between {low} and {high}"),
                ({ } low, null, true) => string.Create(CultureInfo.InvariantCulture, $"greater than {low}"),
                ({ } low, null, false) => string.Create(CultureInfo.InvariantCulture, $"at least {low}"),
                (null, { } high, _) => string.Create(CultureInfo.InvariantCulture, $"at most {high}"),
                _ => "within bounds",
            };
            throw ApiProblem.Invalid(parameter.Name, string.Create(CultureInfo.InvariantCulture, $"{parameter.Name} must be {range}; got {value}."));
        }

        return value;
    }

    private static string Shorten(string raw) => raw.Length <= 64 ? raw : raw[..64] + "…";
}
