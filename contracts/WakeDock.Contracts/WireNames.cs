using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WakeDock.Contracts;

/// <summary>
/// The contracts' enums as they are written on the wire (their JSON names: <c>cpu_percent</c>, <c>critical</c>), for query
/// parameters, labels and messages; read from <see cref="WakeDockJsonContext"/>, so they cannot drift from the JSON.
/// </summary>
public static class WireNames
{
    /// <summary>Every name of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Names<T>.All;

    /// <summary>The value whose JSON name is <paramref name="text"/> (ordinal, as the JSON reads it).</summary>
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum => Names<T>.ByName.TryGetValue(text, out value);

    /// <summary>The JSON name of <paramref name="value"/>, e.g. <c>cpu_percent</c>.</summary>
    public static string Of<T>(T value) where T : struct, Enum => Names<T>.ByValue[value];

    private static class Names<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ByValue = Read();

        public static readonly Dictionary<string, T> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> All = [.. ByValue.Values];

        private static Dictionary<T, string> Read()
        {
            var info = WakeDockJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
                ?? throw new InvalidOperationException($"{typeof(T).Name} is not part of the contracts' JSON.");
            return Enum.GetValues<T>().ToDictionary(v => v, v => JsonSerializer.Serialize(v, info).Trim('"'));
        }
    }
}
