using System.Globalization;
using System.Text.RegularExpressions;

namespace WakeDock.Observability.Tests.Support;

/// <summary>One sample line of a scrape.</summary>
public sealed record ExposedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}

/// <summary>A parsed Prometheus text exposition, to assert on values rather than on text.</summary>
public sealed partial class Exposition(string text)
{
    public string Text { get; } = text;

    public IReadOnlyList<ExposedSample> Samples { get; } = Parse(text);

    /// <summary>The metric families declared by <c># TYPE</c> lines, with their type.</summary>
    public IReadOnlyDictionary<string, string> Types { get; } = text.Split('\n')
        .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
        .Select(l => l.Split(' '))
        .ToDictionary(p => p[2], p => p[3], StringComparer.Ordinal);

    /// <summary>Every series name that appears in a sample line (histograms as their _bucket, _sum and _count).</summary>
    public ISet<string> SeriesNames => Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Every name a query may read: the series present now and those of every declared family, including the
    /// families with no series yet (no alert fired so far) and a histogram's _bucket, _sum and _count.
    /// </summary>
    public ISet<string> MetricNames => SeriesNames
        .Concat(Types.SelectMany(t => t.Value == "histogram" ? new[] { t.Key + "_bucket", t.Key + "_sum", t.Key + "_count" } : [t.Key]))
        .ToHashSet(StringComparer.Ordinal);

    public IEnumerable<ExposedSample> Of(string name, params (string Label, string Value)[] labels)
        => Samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value));

    /// <summary>The single sample of <paramref name="name"/> with these labels (fails when none or several).</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var matches = Of(name, labels).ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} samples of {name}{{{string.Join(",", labels.Select(l => $"{l.Label}=\"{l.Value}\""))}}} in:\n{Text}");
        return matches[0].Value;
    }

    private static List<ExposedSample> Parse(string text)
    {
        var samples = new List<ExposedSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["name"].Value] = Regex.Unescape(label.Groups["value"].Value);
            }

            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, CultureInfo.InvariantCulture),
            };
            samples.Add(new ExposedSample(match.Groups["name"].Value, labels, value));
        }

        return samples;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
