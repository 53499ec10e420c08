using System.Text.RegularExpressions;

namespace WakeDock.Observability.Tests.Support;

/// <summary>
/// The metric names a PromQL expression (as Grafana stores it, <c>$variables</c> included) reads. Label
/// matchers, strings, ranges and grouping clauses are removed first; what remains that is not a function,
/// a keyword or a number is a metric name.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
    };

    public static ISet<string> MetricNames(string expression)
    {
        var text = Quoted().Replace(expression, "\"\"");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!match.Groups["call"].Success && !Keywords.Contains(name.ToLowerInvariant()) && !name.StartsWith('$'))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>Grafana's template: <c>$__rate_interval</c> and friends as durations, the dashboard's variables as "anything".</summary>
    public static string WithVariables(string expression)
    {
        var text = expression.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__interval", "1m", StringComparison.Ordinal)
            .Replace("$__range", "5m", StringComparison.Ordinal);
        return Variable().Replace(text, ".*");
    }

    [GeneratedRegex("\"(\\\\.|[^\"\\\\])*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w$.])(?<name>\$?[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\$\{?[a-zA-Z_][a-zA-Z0-9_]*\}?")]
    private static partial Regex Variable();
}
