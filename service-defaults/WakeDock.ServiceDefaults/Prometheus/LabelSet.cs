using System.Globalization;

namespace WakeDock.ServiceDefaults.Prometheus;

/// <summary>A series' labels, sorted by name so that the order tags were given in does not matter.</summary>
internal sealed class LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>
{
    private readonly string _key;

    private LabelSet(KeyValuePair<string, string>[] pairs)
    {
        Pairs = pairs;
        _key = string.Join('\u0001', pairs.Select(p => p.Key + "\u0002" + p.Value));
    }

    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; }

    public static LabelSet From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            pairs[i] = new(PrometheusTextWriter.SanitizeName(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        }

        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LabelSet(pairs);
    }

    /// <summary>These labels plus one more, last (as <c>le</c> on a bucket).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> With(string name, string value) => [.. Pairs, new(name, value)];

    public bool Equals(LabelSet? other) => other is not null && string.Equals(_key, other._key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_key);

    public int CompareTo(LabelSet? other) => string.CompareOrdinal(_key, other?._key);
}
