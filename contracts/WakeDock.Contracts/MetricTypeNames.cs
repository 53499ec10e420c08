using System.Text.Json;

namespace WakeDock.Contracts;

/// <summary>A <see cref="MetricType"/> as it is written on the wire (its JSON name), for labels and messages.</summary>
public static class MetricTypeNames
{
    private static readonly Dictionary<MetricType, string> Names = Enum.GetValues<MetricType>()
        .ToDictionary(m => m, m => JsonSerializer.Serialize(m, WakeDockJsonContext.Default.MetricType).Trim('"'));

    /// <summary>The JSON name of <paramref name="metric"/>, e.g. <c>cpu_percent</c>.</summary>
    public static string Of(MetricType metric) => Names[metric];
}
