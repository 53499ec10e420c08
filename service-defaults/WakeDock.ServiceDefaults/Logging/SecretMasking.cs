using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace WakeDock.ServiceDefaults.Logging;

/// <summary>
/// Keeps secrets out of the logs whatever a message template or a destructured object carries: a
/// property named like a secret (token, key, password, secret, authorization, signature, credential,
/// connection string), at any depth, is written as <c>***</c>; in every other string, credentials
/// that show by their form — <c>Bearer …</c>, <c>SharedKey …</c>, <c>AccountKey=…</c>, <c>sig=…</c>,
/// <c>password=…</c>, <c>token=…</c>, also prefixed or quoted (<c>DB_PASSWORD=…</c>, <c>"api_key":"…"</c>) — are masked too.
/// </summary>
public sealed partial class SecretMasking : ILogEventEnricher
{
    public const string Mask = "***";

    private static readonly ScalarValue Masked = new(Mask);

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var masked = IsSecretName(name) ? Masked : MaskValue(value);
            if (!ReferenceEquals(masked, value))
            {
                (replaced ??= []).Add(new LogEventProperty(name, masked));
            }
        }

        foreach (var property in replaced ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>Whether a property, field or header of this name holds a secret.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretName().IsMatch(name);
    }

    /// <summary>The text with credentials recognisable by their form replaced by <c>***</c>.</summary>
    public static string MaskText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = SecretAssignment().Replace(text, "$1$2" + Mask);
        return SecretScheme().Replace(masked, "$1 " + Mask);
    }

    private static LogEventPropertyValue MaskValue(LogEventPropertyValue value) => value switch
    {
        // Regex.Replace hands back the same instance when nothing matched.
        ScalarValue { Value: string text } => MaskText(text) is var masked && !ReferenceEquals(masked, text) ? new ScalarValue(masked) : value,
        StructureValue structure => MaskStructure(structure),
        SequenceValue sequence => MaskSequence(sequence),
        DictionaryValue dictionary => MaskDictionary(dictionary),
        _ => value,
    };

    private static StructureValue MaskStructure(StructureValue structure)
    {
        var changed = false;
        var properties = new LogEventProperty[structure.Properties.Count];
        for (var i = 0; i < properties.Length; i++)
        {
            var property = structure.Properties[i];
            var masked = IsSecretName(property.Name) ? Masked : MaskValue(property.Value);
            changed |= !ReferenceEquals(masked, property.Value);
            properties[i] = ReferenceEquals(masked, property.Value) ? property : new LogEventProperty(property.Name, masked);
        }

        return changed ? new StructureValue(properties, structure.TypeTag) : structure;
    }

    private static SequenceValue MaskSequence(SequenceValue sequence)
    {
        var elements = sequence.Elements.Select(MaskValue).ToArray();
        return elements.Where((element, i) => !ReferenceEquals(element, sequence.Elements[i])).Any() ? new SequenceValue(elements) : sequence;
    }

    private static DictionaryValue MaskDictionary(DictionaryValue dictionary)
    {
        var changed = false;
        var entries = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
        foreach (var (key, value) in dictionary.Elements)
        {
            var masked = key.Value is string name && IsSecretName(name) ? Masked : MaskValue(value);
            changed |= !ReferenceEquals(masked, value);
            entries.Add(new(key, masked));
        }

        return changed ? new DictionaryValue(entries) : dictionary;
    }

    [GeneratedRegex(@"token|secret|passw(or)?d|pwd|authorization|signature|credential|connectionstring|(^|[-_.]|api|account|agent|access|private|shared)key$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    // A name may carry a prefix (DB_PASSWORD, GITHUB_TOKEN, x-api-key) and be quoted as in JSON ("password":"…").
    [GeneratedRegex(@"(?<![A-Za-z0-9])((?:[A-Za-z0-9]+[-_.])*(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig|passw(?:or)?d|pwd|secret|token|(?:api|access|secret|private)[-_]?key|access[-_]?token|client[-_]?secret))([""']?\s*[=:]\s*[""']?)[^;&\s""',]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();

    [GeneratedRegex(@"\b(Bearer|SharedKey)\s+[A-Za-z0-9._~+/=:-]+", RegexOptions.CultureInvariant)]
    private static partial Regex SecretScheme();
}
